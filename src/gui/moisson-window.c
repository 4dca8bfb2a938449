/* moisson-window.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-window.h"

#include <glib/gi18n.h>

enum {
  COMPLETION_COLUMN_LABEL,
  COMPLETION_COLUMN_CODE,
  N_COMPLETION_COLUMNS
};

struct _MoissonWindow
{
  AdwApplicationWindow parent_instance;

  GCancellable *cancellable;
  guint n_loading;

  AdwToastOverlay *toast_overlay;
  GtkEntry *go_to_entry;
  MoissonMapView *map_view;
  MoissonSidePanel *side_panel;
  GtkSpinner *spinner;
  GtkListStore *completion_model;
};

G_DEFINE_FINAL_TYPE (MoissonWindow, moisson_window, ADW_TYPE_APPLICATION_WINDOW)

static void
show_toast (MoissonWindow *self,
            const char    *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
show_error_dialog (MoissonWindow *self,
                   const char    *heading,
                   const char    *body)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fill_completion (MoissonWindow *self,
                 MoissonAtlas  *atlas)
{
  gtk_list_store_clear (self->completion_model);
  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    {
      MoissonDepartement *departement = moisson_atlas_get_departement (atlas, i);
      g_autofree char *label = moisson_departement_dup_display_name (departement);

      gtk_list_store_insert_with_values (self->completion_model, NULL, -1,
                                         COMPLETION_COLUMN_LABEL, label,
                                         COMPLETION_COLUMN_CODE, moisson_departement_get_code (departement),
                                         -1);
    }
}

static gboolean
completion_match_func (GtkEntryCompletion *completion,
                       const char         *key,
                       GtkTreeIter        *iter,
                       gpointer            user_data)
{
  MoissonWindow *self = user_data;
  MoissonAtlas *atlas = moisson_map_view_get_atlas (self->map_view);
  g_autofree char *code = NULL;
  MoissonDepartement *departement;

  if (atlas == NULL)
    return FALSE;
  gtk_tree_model_get (GTK_TREE_MODEL (self->completion_model), iter, COMPLETION_COLUMN_CODE, &code, -1);
  departement = moisson_atlas_lookup (atlas, code);
  /* The key GTK passes is case-folded already; the match folds accents too. */
  return departement != NULL && moisson_departement_match_rank (departement, key) >= 0;
}

static gboolean
on_completion_match_selected_cb (MoissonWindow      *self,
                                 GtkTreeModel       *model,
                                 GtkTreeIter        *iter,
                                 GtkEntryCompletion *completion)
{
  g_autofree char *code = NULL;

  gtk_tree_model_get (model, iter, COMPLETION_COLUMN_CODE, &code, -1);
  moisson_window_go_to (self, code);
  return GDK_EVENT_STOP;
}

static void
on_go_to_entry_activate_cb (MoissonWindow *self,
                            GtkEntry      *entry)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (*query == '\0')
    return;
  if (!moisson_window_go_to (self, query))
    {
      g_autofree char *message = g_strdup_printf (_("No département matches “%s”"), query);

      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      show_toast (self, message);
    }
}

static void
on_go_to_entry_changed_cb (MoissonWindow *self,
                           GtkEntry      *entry)
{
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

static void
on_boundaries_loaded_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(MoissonWindow) self = user_data;
  g_autoptr(MoissonAtlas) atlas = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *warnings;

  atlas = moisson_atlas_load_finish (result, &error);

  if (--self->n_loading == 0)
    {
      gtk_spinner_stop (self->spinner);
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
    }

  if (atlas == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* The map keeps what it showed before. */
        show_error_dialog (self, _("Cannot Open the Boundary File"), error->message);
      return;
    }

  moisson_map_view_set_atlas (self->map_view, atlas);
  fill_completion (self, atlas);

  warnings = moisson_atlas_get_warnings (atlas);
  if (warnings->len > 0)
    show_toast (self, g_ptr_array_index (warnings, 0));
}

static void
on_open_dialog_response_cb (MoissonWindow        *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        moisson_window_load_boundaries (self, path, NULL);
    }
  g_object_unref (chooser);
}

static void
open_boundaries_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open a Boundary File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Shapefiles (.shp)"));
  gtk_file_filter_add_suffix (filter, "shp");
  gtk_file_filter_add_suffix (filter, "SHP");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_swapped (chooser, "response", G_CALLBACK (on_open_dialog_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
map_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);

  g_autofree char *map_action_name = NULL;

  /* "win.zoom-in" → "map.zoom-in": the buttons act on the map. */
  map_action_name = g_strconcat ("map", strchr (action_name, '.'), NULL);
  gtk_widget_activate_action (GTK_WIDGET (self->map_view), map_action_name, NULL);
}

static void
focus_go_to_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->go_to_entry));
}

static void
moisson_window_dispose (GObject *object)
{
  MoissonWindow *self = (MoissonWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->completion_model);
  gtk_widget_dispose_template (GTK_WIDGET (self), MOISSON_TYPE_WINDOW);

  G_OBJECT_CLASS (moisson_window_parent_class)->dispose (object);
}

static void
moisson_window_class_init (MoissonWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_window_dispose;

  g_type_ensure (MOISSON_TYPE_MAP_VIEW);
  g_type_ensure (MOISSON_TYPE_SIDE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, go_to_entry);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, side_panel);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_go_to_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_go_to_entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.open-boundaries", NULL, open_boundaries_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "win.reset-view", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "win.focus-go-to", NULL, focus_go_to_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-boundaries", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.focus-go-to", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.reset-view", NULL);
}

static void
moisson_window_init (MoissonWindow *self)
{
  g_autoptr(GtkEntryCompletion) completion = NULL;
  GtkCellRenderer *cell;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  g_object_bind_property (self->map_view, "selected", self->side_panel, "departement", G_BINDING_SYNC_CREATE);

  self->completion_model = gtk_list_store_new (N_COMPLETION_COLUMNS, G_TYPE_STRING, G_TYPE_STRING);
  completion = gtk_entry_completion_new ();
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->completion_model));
  gtk_entry_completion_set_match_func (completion, completion_match_func, self, NULL);
  gtk_entry_completion_set_minimum_key_length (completion, 1);
  /* Show "Drôme (26)" in the list, and nothing GTK would add by itself. */
  cell = gtk_cell_renderer_text_new ();
  gtk_cell_layout_pack_start (GTK_CELL_LAYOUT (completion), cell, TRUE);
  gtk_cell_layout_add_attribute (GTK_CELL_LAYOUT (completion), cell, "text", COMPLETION_COLUMN_LABEL);
  g_signal_connect_swapped (completion, "match-selected", G_CALLBACK (on_completion_match_selected_cb), self);
  gtk_entry_set_completion (self->go_to_entry, completion);
}

MoissonWindow *
moisson_window_new (GtkApplication *application)
{
  return g_object_new (MOISSON_TYPE_WINDOW, "application", application, NULL);
}

/**
 * moisson_window_load_boundaries:
 *
 * Loads a shapefile in a worker thread; the map shows it when it is ready,
 * or keeps what it had and a dialog says why the file was refused.
 */
void
moisson_window_load_boundaries (MoissonWindow                 *self,
                                const char                    *path,
                                const MoissonShapefileOptions *options)
{
  g_return_if_fail (MOISSON_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  self->n_loading++;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  moisson_atlas_load_async (path, options, self->cancellable, on_boundaries_loaded_cb, g_object_ref (self));
}

/**
 * moisson_window_go_to:
 * @query: a name or code, as typed in "Go to…"
 *
 * Returns: %TRUE if a département matched and is now shown
 */
gboolean
moisson_window_go_to (MoissonWindow *self,
                      const char    *query)
{
  MoissonAtlas *atlas;
  g_autoptr(GPtrArray) matches = NULL;
  MoissonDepartement *departement;
  g_autofree char *label = NULL;

  g_return_val_if_fail (MOISSON_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  atlas = moisson_map_view_get_atlas (self->map_view);
  if (atlas == NULL)
    return FALSE;

  matches = moisson_atlas_search (atlas, query);
  if (matches->len == 0)
    return FALSE;

  departement = g_ptr_array_index (matches, 0);
  moisson_map_view_show_departement (self->map_view, departement);
  label = moisson_departement_dup_display_name (departement);
  gtk_editable_set_text (GTK_EDITABLE (self->go_to_entry), label);
  gtk_editable_select_region (GTK_EDITABLE (self->go_to_entry), 0, -1);
  return TRUE;
}

MoissonMapView *
moisson_window_get_map_view (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), NULL);

  return self->map_view;
}

MoissonSidePanel *
moisson_window_get_side_panel (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), NULL);

  return self->side_panel;
}

GtkEditable *
moisson_window_get_go_to_entry (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), NULL);

  return GTK_EDITABLE (self->go_to_entry);
}

gboolean
moisson_window_is_loading (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), FALSE);

  return self->n_loading > 0;
}
