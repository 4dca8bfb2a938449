/* moisson-import-assistant.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-import-assistant.h"

#include <glib/gi18n.h>
#include <stdlib.h>

/* Before a file is imported: its first rows, the column taken for each
 * role, each changeable, and how many rows that places, counted in a
 * thread as the choice changes. The window decides what an import means;
 * this dialog only says which mapping was chosen. */

struct _MoissonImportAssistant
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *import_button;
  GtkLabel *error_label;
  GtkStack *preview_stack;
  GtkSpinner *preview_spinner;
  GtkColumnView *preview_view;
  GtkLabel *mapping_hint;
  GtkGrid *roles_grid;
  GtkDropDown *title_drop_down;
  GtkDropDown *departement_drop_down;
  GtkDropDown *latitude_drop_down;
  GtkDropDown *longitude_drop_down;
  GtkLabel *counts_label;
  GtkSpinner *count_spinner;
  GtkGrid *reasons_grid;

  char *display_name;
  char *location;
  MoissonAtlas *atlas;
  MoissonFeedMapping *initial;
  MoissonFeedPreview *preview;
  GCancellable *preview_cancellable;
  GCancellable *count_cancellable;
  gboolean placed_none;     /* the last count placed no row */
};

G_DEFINE_FINAL_TYPE (MoissonImportAssistant, moisson_import_assistant, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_IMPORT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkDropDown *
drop_down_of (MoissonImportAssistant *self,
              MoissonFeedRole         role)
{
  GtkDropDown *drop_downs[MOISSON_FEED_N_ROLES] = {
    [MOISSON_FEED_ROLE_TITLE] = self->title_drop_down,
    [MOISSON_FEED_ROLE_DEPARTEMENT] = self->departement_drop_down,
    [MOISSON_FEED_ROLE_LATITUDE] = self->latitude_drop_down,
    [MOISSON_FEED_ROLE_LONGITUDE] = self->longitude_drop_down,
  };

  return drop_downs[role];
}

/* The mapping the drop-downs say: the first item of each is the guess,
 * left to the reading (NULL); the others are the columns in order. */
static MoissonFeedMapping *
dup_mapping (MoissonImportAssistant *self)
{
  MoissonFeedMapping *mapping = moisson_feed_mapping_copy (NULL);
  const char * const *columns;

  if (self->preview == NULL)
    return mapping;
  columns = moisson_feed_preview_get_columns (self->preview);
  for (MoissonFeedRole role = 0; role < MOISSON_FEED_N_ROLES; role++)
    {
      guint selected = gtk_drop_down_get_selected (drop_down_of (self, role));

      if (selected != GTK_INVALID_LIST_POSITION && selected > 0 &&
          selected <= moisson_feed_preview_get_n_columns (self->preview))
        moisson_feed_mapping_set_column (mapping, role, columns[selected - 1]);
    }
  return mapping;
}

static void
update_import_button (MoissonImportAssistant *self)
{
  /* Importing a file of which no row would be placed would add a source
   * that shows nothing: the counts and reasons say what to change. While a
   * count runs, the last one stands; before the first, the guess is
   * trusted, so that a large file can be imported without waiting. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), self->preview != NULL && !self->placed_none);
}

static char *
describe_counts (MoissonFeedCount *count)
{
  guint placed = moisson_feed_count_get_placed (count);
  guint not_placed = moisson_feed_count_get_not_placed (count);
  g_autofree char *placed_text = g_strdup_printf (ngettext ("%u row placed", "%u rows placed", placed), placed);
  g_autofree char *not_placed_text = g_strdup_printf (ngettext ("%u not placed", "%u not placed", not_placed),
                                                      not_placed);

  /* TRANSLATORS: "212 rows placed, 32 not placed" */
  return g_strdup_printf (C_("rows placed, rows not placed", "%s, %s"), placed_text, not_placed_text);
}

static void
show_reasons (MoissonImportAssistant *self,
              MoissonFeedCount       *count)
{
  GPtrArray *reasons = count != NULL ? moisson_feed_count_get_reasons (count) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->reasons_grid))) != NULL)
    gtk_grid_remove (self->reasons_grid, child);
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      MoissonFeedReason *reason = g_ptr_array_index (reasons, i);
      g_autofree char *number = g_strdup_printf ("%u", reason->count);
      GtkWidget *count_label = gtk_label_new (number);
      GtkWidget *reason_label = gtk_label_new (reason->reason);

      gtk_label_set_xalign (GTK_LABEL (count_label), 1);
      gtk_widget_add_css_class (count_label, "numeric");
      gtk_label_set_xalign (GTK_LABEL (reason_label), 0);
      gtk_label_set_wrap (GTK_LABEL (reason_label), TRUE);
      gtk_widget_set_hexpand (reason_label, TRUE);
      gtk_widget_add_css_class (reason_label, "dim-label");
      gtk_grid_attach (self->reasons_grid, count_label, 0, (int) i, 1, 1);
      gtk_grid_attach (self->reasons_grid, reason_label, 1, (int) i, 1, 1);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->reasons_grid), reasons != NULL && reasons->len > 0);
}

static void
count_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MoissonImportAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeedCount) count = moisson_feed_preview_count_finish (MOISSON_FEED_PREVIEW (source), result,
                                                                        &error);
  g_autofree char *text = NULL;

  /* Another count replaced this one, or the dialog closed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->count_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->count_spinner), FALSE);
  if (count == NULL)
    {
      gtk_label_set_text (self->counts_label, error->message);
      show_reasons (self, NULL);
      self->placed_none = TRUE;
      update_import_button (self);
      return;
    }
  text = describe_counts (count);
  gtk_label_set_text (self->counts_label, text);
  show_reasons (self, count);
  self->placed_none = moisson_feed_count_get_placed (count) == 0;
  update_import_button (self);
}

/* The column taken for @role: the one chosen, or the guess. */
static int
column_of (MoissonImportAssistant *self,
           MoissonFeedRole         role)
{
  guint selected = gtk_drop_down_get_selected (drop_down_of (self, role));

  if (selected == GTK_INVALID_LIST_POSITION || selected == 0)
    return moisson_feed_preview_get_guess (self->preview, role, NULL);
  return (int) selected - 1;
}

/* Each column of the table says which roles it is taken for: "nom
 * (Title)". */
static void
update_column_titles (MoissonImportAssistant *self)
{
  static const char *role_names[MOISSON_FEED_N_ROLES] = {
    [MOISSON_FEED_ROLE_TITLE] = N_("Title"),
    [MOISSON_FEED_ROLE_DEPARTEMENT] = N_("Département"),
    [MOISSON_FEED_ROLE_LATITUDE] = N_("Latitude"),
    [MOISSON_FEED_ROLE_LONGITUDE] = N_("Longitude"),
  };
  GListModel *view_columns = gtk_column_view_get_columns (self->preview_view);
  const char * const *columns = moisson_feed_preview_get_columns (self->preview);
  gboolean mapped = moisson_feed_preview_get_kind (self->preview) != MOISSON_FEED_PREVIEW_FEED;

  for (guint c = 0; c < g_list_model_get_n_items (view_columns) && columns[c] != NULL; c++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, c);
      g_autoptr(GString) title = g_string_new (columns[c]);
      guint n_roles = 0;

      for (MoissonFeedRole role = 0; mapped && role < MOISSON_FEED_N_ROLES; role++)
        if (column_of (self, role) == (int) c)
          g_string_append_printf (title, n_roles++ == 0 ? " (%s" : ", %s", _(role_names[role]));
      if (n_roles > 0)
        g_string_append_c (title, ')');
      gtk_column_view_column_set_title (column, title->str);
    }
}

/* Counts anew with the mapping the drop-downs say, the count before no
 * longer wanted. */
static void
recount (MoissonImportAssistant *self)
{
  g_autoptr(MoissonFeedMapping) mapping = NULL;

  if (self->preview == NULL)
    return;
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->count_cancellable = g_cancellable_new ();
  mapping = dup_mapping (self);
  update_column_titles (self);
  gtk_widget_set_visible (GTK_WIDGET (self->count_spinner), TRUE);
  gtk_spinner_start (self->count_spinner);
  if (*gtk_label_get_text (self->counts_label) == '\0')
    gtk_label_set_text (self->counts_label, _("Counting the rows…"));
  moisson_feed_preview_count_async (self->preview, self->atlas, mapping, self->count_cancellable, count_cb,
                                    g_object_ref (self));
}

static void
on_drop_down_selected_cb (MoissonImportAssistant *self)
{
  recount (self);
}

static const char *
reference_name (MoissonFeedReference reference)
{
  switch (reference)
    {
    case MOISSON_FEED_REFERENCE_CODE:
      return _("département code");
    case MOISSON_FEED_REFERENCE_NAME:
      return _("département name");
    case MOISSON_FEED_REFERENCE_COMMUNE:
      return _("commune INSEE code");
    case MOISSON_FEED_REFERENCE_EPCI:
      return _("EPCI SIREN number");
    case MOISSON_FEED_REFERENCE_POSTAL_CODE:
      return _("postal code");
    case MOISSON_FEED_REFERENCE_NONE:
    default:
      return NULL;
    }
}

/* "Automatic (nom)", then each column. */
static void
fill_drop_down (MoissonImportAssistant *self,
                MoissonFeedRole         role)
{
  GtkDropDown *drop_down = drop_down_of (self, role);
  const char * const *columns = moisson_feed_preview_get_columns (self->preview);
  g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  MoissonFeedReference reference;
  int guess = moisson_feed_preview_get_guess (self->preview, role, &reference);
  g_autofree char *automatic = NULL;
  const char *chosen = self->initial != NULL ? moisson_feed_mapping_get_column (self->initial, role) : NULL;
  int chosen_column = chosen != NULL ? moisson_feed_preview_find_column (self->preview, chosen) : -1;

  if (guess < 0)
    automatic = g_strdup (_("Automatic (none)"));
  else if (reference_name (reference) != NULL)
    /* TRANSLATORS: "Automatic (code_insee, commune INSEE code)" */
    automatic = g_strdup_printf (_("Automatic (%s, %s)"), columns[guess], reference_name (reference));
  else
    /* TRANSLATORS: "Automatic (nom)": the column chosen by its name */
    automatic = g_strdup_printf (_("Automatic (%s)"), columns[guess]);
  gtk_string_list_append (items, automatic);
  for (guint c = 0; columns[c] != NULL; c++)
    gtk_string_list_append (items, columns[c]);

  g_signal_handlers_block_by_func (drop_down, on_drop_down_selected_cb, self);
  gtk_drop_down_set_expression (drop_down, expression);
  gtk_drop_down_set_enable_search (drop_down, TRUE);
  gtk_drop_down_set_model (drop_down, G_LIST_MODEL (items));
  gtk_drop_down_set_selected (drop_down, chosen_column >= 0 ? (guint) chosen_column + 1 : 0);
  g_signal_handlers_unblock_by_func (drop_down, on_drop_down_selected_cb, self);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Wide enough to read, narrow enough for a few columns at once: the
   * table scrolls sideways for the others. */
  gtk_label_set_width_chars (GTK_LABEL (label), 10);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

/* The item of a row is its position, as text. */
static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  MoissonImportAssistant *self = g_object_get_data (G_OBJECT (factory), "assistant");
  guint column = GPOINTER_TO_UINT (user_data);
  guint row = (guint) strtoul (gtk_string_object_get_string (gtk_list_item_get_item (item)), NULL, 10);
  const char *cell = moisson_feed_preview_get_cell (self->preview, row, column);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), cell);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), *cell != '\0' ? cell : NULL);
}

/* As wide as the longest cell shown, within reason: a table wider than
 * the dialog scrolls sideways rather than cut every column short. */
static int
column_width (MoissonImportAssistant *self,
              guint                   column)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->preview_view));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int char_width = PANGO_PIXELS (pango_font_metrics_get_approximate_char_width (metrics));
  glong chars = g_utf8_strlen (moisson_feed_preview_get_columns (self->preview)[column], -1);

  /* Room for the roles guessed, as update_column_titles () says them. */
  for (MoissonFeedRole role = 0; role < MOISSON_FEED_N_ROLES; role++)
    if (moisson_feed_preview_get_guess (self->preview, role, NULL) == (int) column)
      chars += 14;

  for (guint r = 0; r < moisson_feed_preview_get_n_preview_rows (self->preview); r++)
    chars = MAX (chars, g_utf8_strlen (moisson_feed_preview_get_cell (self->preview, r, column), -1));
  pango_font_metrics_unref (metrics);
  return (int) CLAMP (chars, 6, 30) * char_width + 24;
}

static void
fill_preview (MoissonImportAssistant *self)
{
  const char * const *columns = moisson_feed_preview_get_columns (self->preview);
  guint n_rows = moisson_feed_preview_get_n_preview_rows (self->preview);
  g_autoptr(GtkStringList) rows = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) selection = NULL;

  for (guint c = 0; columns[c] != NULL; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "assistant", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (columns[c], factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, column_width (self, c));
      gtk_column_view_append_column (self->preview_view, column);
    }
  for (guint r = 0; r < n_rows; r++)
    {
      char text[16];

      g_snprintf (text, sizeof text, "%u", r);
      gtk_string_list_append (rows, text);
    }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&rows)));
  gtk_column_view_set_model (self->preview_view, GTK_SELECTION_MODEL (selection));
}

static void
show_preview (MoissonImportAssistant *self)
{
  guint n_rows = moisson_feed_preview_get_n_rows (self->preview);
  g_autofree char *subtitle = g_strdup_printf (ngettext ("%u row", "%u rows", n_rows), n_rows);
  gboolean mapped = moisson_feed_preview_get_kind (self->preview) != MOISSON_FEED_PREVIEW_FEED;

  adw_window_title_set_subtitle (self->window_title, subtitle);
  fill_preview (self);
  gtk_stack_set_visible_child_name (self->preview_stack, "table");
  gtk_spinner_stop (self->preview_spinner);
  for (MoissonFeedRole role = 0; role < MOISSON_FEED_N_ROLES; role++)
    fill_drop_down (self, role);
  /* A feed of Moisson's format says what its members are. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->roles_grid), mapped);
  if (!mapped)
    gtk_label_set_text (self->mapping_hint, _("This file is a Moisson feed: its members are read by their names."));
  update_import_button (self);
  recount (self);
}

static void
preview_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MoissonImportAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  MoissonFeedPreview *preview = moisson_feed_preview_new_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (preview == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_stack_set_visible_child_name (self->preview_stack, "table");
      gtk_spinner_stop (self->preview_spinner);
      gtk_widget_set_sensitive (GTK_WIDGET (self->roles_grid), FALSE);
      update_import_button (self);
      return;
    }
  self->preview = preview;
  moisson_feed_preview_set_location (preview, self->location);
  show_preview (self);
}

static void
on_import_button_clicked_cb (MoissonImportAssistant *self)
{
  g_autoptr(MoissonFeedMapping) mapping = NULL;

  if (self->preview == NULL)
    return;
  mapping = dup_mapping (self);
  g_signal_emit (self, signals[SIGNAL_IMPORT], 0, mapping);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
moisson_import_assistant_dispose (GObject *object)
{
  MoissonImportAssistant *self = MOISSON_IMPORT_ASSISTANT (object);

  g_cancellable_cancel (self->preview_cancellable);
  g_cancellable_cancel (self->count_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MOISSON_TYPE_IMPORT_ASSISTANT);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->count_cancellable);
  g_clear_object (&self->preview);
  g_clear_object (&self->atlas);

  G_OBJECT_CLASS (moisson_import_assistant_parent_class)->dispose (object);
}

static void
moisson_import_assistant_finalize (GObject *object)
{
  MoissonImportAssistant *self = MOISSON_IMPORT_ASSISTANT (object);

  g_free (self->display_name);
  g_free (self->location);
  moisson_feed_mapping_free (self->initial);

  G_OBJECT_CLASS (moisson_import_assistant_parent_class)->finalize (object);
}

static void
moisson_import_assistant_class_init (MoissonImportAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_import_assistant_dispose;
  object_class->finalize = moisson_import_assistant_finalize;

  /**
   * MoissonImportAssistant::import:
   * @mapping: (type MoissonFeedMapping): the columns chosen, %NULL members
   *   left to the reading; the handler copies it to keep it
   *
   * The user chose to import the file; the dialog closes.
   */
  signals[SIGNAL_IMPORT] =
    g_signal_new ("import", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MOISSON_TYPE_FEED_MAPPING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-import-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, window_title);
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, import_button);
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, error_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, preview_spinner);
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, preview_view);
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, mapping_hint);
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, roles_grid);
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, title_drop_down);
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, departement_drop_down);
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, latitude_drop_down);
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, longitude_drop_down);
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, counts_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, count_spinner);
  gtk_widget_class_bind_template_child (widget_class, MoissonImportAssistant, reasons_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_import_button_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
moisson_import_assistant_init (MoissonImportAssistant *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  for (MoissonFeedRole role = 0; role < MOISSON_FEED_N_ROLES; role++)
    g_signal_connect_swapped (drop_down_of (self, role), "notify::selected", G_CALLBACK (on_drop_down_selected_cb),
                              self);
  gtk_widget_set_visible (GTK_WIDGET (self->count_spinner), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->reasons_grid), FALSE);
}

/**
 * moisson_import_assistant_new:
 * @parent: (nullable): the window it is modal for
 * @display_name: the file's name, for the title
 * @data: the file
 * @atlas: (nullable): the boundaries rows will be placed with
 * @initial: (nullable): the columns chosen for this file before
 *
 * Returns: (transfer none): the dialog, shown; it emits
 *   MoissonImportAssistant::import and closes when the user imports,
 *   and closes without it on « Cancel » or Escape
 */
MoissonImportAssistant *
moisson_import_assistant_new (GtkWindow                *parent,
                              const char               *display_name,
                              GBytes                   *data,
                              MoissonAtlas             *atlas,
                              const MoissonFeedMapping *initial)
{
  MoissonImportAssistant *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (atlas == NULL || MOISSON_IS_ATLAS (atlas), NULL);

  self = g_object_new (MOISSON_TYPE_IMPORT_ASSISTANT, "transient-for", parent, NULL);
  self->display_name = g_strdup (display_name);
  self->atlas = atlas != NULL ? g_object_ref (atlas) : NULL;
  self->initial = initial != NULL ? moisson_feed_mapping_copy (initial) : NULL;
  /* TRANSLATORS: the title of the import assistant, with the file's name */
  title = g_strdup_printf (_("Import “%s”"), display_name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);

  gtk_spinner_start (self->preview_spinner);
  self->preview_cancellable = g_cancellable_new ();
  moisson_feed_preview_new_async (data, self->preview_cancellable, preview_cb, g_object_ref (self));
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

/**
 * moisson_import_assistant_set_location:
 * @location: (nullable): the path of the file shown
 *
 * Counts the rows as the file will load, with the Table Schema beside it;
 * set before the preview is shown.
 */
void
moisson_import_assistant_set_location (MoissonImportAssistant *self,
                                       const char             *location)
{
  g_return_if_fail (MOISSON_IS_IMPORT_ASSISTANT (self));

  g_free (self->location);
  self->location = g_strdup (location);
  if (self->preview != NULL)
    {
      moisson_feed_preview_set_location (self->preview, location);
      recount (self);
    }
}
