/* moisson-window-boundaries.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-window-private.h"

#include <glib/gi18n.h>

/* The boundaries as the window shows them: their loading, their failures,
 * and « Aller à un département… » over them. */

/* Rows added to the completion per main loop turn: a file of 35,000
 * communes fills it over a few dozen frames instead of holding the window. */
#define COMPLETION_ROWS_PER_TURN 1000

static gboolean
fill_completion_cb (gpointer data)
{
  MoissonWindow *self = data;
  guint n = moisson_atlas_get_n_departements (self->completion_atlas);
  guint end = MIN (n, self->completion_next + COMPLETION_ROWS_PER_TURN);

  for (guint i = self->completion_next; i < end; i++)
    {
      MoissonDepartement *departement = moisson_atlas_get_departement (self->completion_atlas, i);
      g_autofree char *label = moisson_departement_dup_display_name (departement);

      gtk_list_store_insert_with_values (self->completion_model, NULL, -1,
                                         COMPLETION_COLUMN_LABEL, label,
                                         COMPLETION_COLUMN_CODE, moisson_departement_get_code (departement),
                                         -1);
    }
  self->completion_next = end;
  if (end < n)
    return G_SOURCE_CONTINUE;

  /* Attached once full: it would otherwise follow every row inserted. */
  gtk_entry_completion_set_model (gtk_entry_get_completion (self->go_to_entry),
                                  GTK_TREE_MODEL (self->completion_model));
  g_clear_object (&self->completion_atlas);
  self->completion_source = 0;
  return G_SOURCE_REMOVE;
}

static void
fill_completion (MoissonWindow *self,
                 MoissonAtlas  *atlas)
{
  g_clear_handle_id (&self->completion_source, g_source_remove);
  gtk_entry_completion_set_model (gtk_entry_get_completion (self->go_to_entry), NULL);
  gtk_list_store_clear (self->completion_model);
  g_set_object (&self->completion_atlas, atlas);
  self->completion_next = 0;
  self->completion_source = g_idle_add (fill_completion_cb, self);
}

static gboolean
completion_match_func (GtkEntryCompletion *completion,
                       const char         *key,
                       GtkTreeIter        *iter,
                       gpointer            user_data)
{
  MoissonWindow *self = user_data;
  MoissonAtlas *atlas = moisson_session_get_atlas (self->session);
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
      _moisson_window_show_toast (self, message);
    }
}

static void
on_go_to_entry_changed_cb (MoissonWindow *self,
                           GtkEntry      *entry)
{
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

/* The file is read in a worker: the window keeps answering, and says how
 * far the reading has gone. */
static void
on_boundaries_failed_cb (MoissonWindow  *self,
                         const char     *message,
                         MoissonSession *session)
{
  /* The map keeps what it showed before. */
  _moisson_window_show_error (self, _("Cannot Open the Boundary File"), message);
}

static void
on_atlas_cb (MoissonWindow *self)
{
  MoissonAtlas *atlas = moisson_session_get_atlas (self->session);
  GPtrArray *warnings = moisson_atlas_get_warnings (atlas);

  moisson_map_view_set_atlas (self->map_view, atlas);
  /* The panel names départements before the feed's rows come. */
  moisson_side_panel_set_data (self->side_panel, self->store, atlas);
  fill_completion (self, atlas);
  if (warnings->len > 0)
    _moisson_window_show_toast (self, g_ptr_array_index (warnings, 0));
}

static void
on_boundaries_chosen_cb (GObject        *owner,
                         GtkFileChooser *chooser,
                         gpointer        data)
{
  g_autofree char *path = moisson_file_chooser_dup_path (chooser);

  if (path != NULL)
    moisson_window_load_boundaries (MOISSON_WINDOW (owner), path, NULL);
}

static void
open_boundaries_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = moisson_file_chooser_new (GTK_WINDOW (self), _("Open a Boundary File"), FALSE, _("_Open"), NULL);
  moisson_file_chooser_add_filter (chooser, _("Shapefiles (.shp)"), (const char *[]) { "shp", "SHP", NULL });
  moisson_file_chooser_show (chooser, G_OBJECT (self), on_boundaries_chosen_cb, NULL);
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

  moisson_session_load_boundaries (self->session, path, options);
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

  atlas = moisson_session_get_atlas (self->session);
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

void
_moisson_window_class_init_boundaries (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_go_to_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_go_to_entry_changed_cb);
  gtk_widget_class_install_action (widget_class, "win.open-boundaries", NULL, open_boundaries_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-boundaries", NULL);
}

void
_moisson_window_init_boundaries (MoissonWindow *self)
{
  g_autoptr(GtkEntryCompletion) completion = NULL;
  GtkCellRenderer *cell;

  g_signal_connect_object (self->session, "notify::atlas", G_CALLBACK (on_atlas_cb), self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->session, "loading", self->spinner, "visible", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->session, "loading", self->spinner, "spinning", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->session, "loading", self->boundaries_progress, "visible", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->session, "boundaries-progress", self->boundaries_progress, "fraction",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->session, "boundaries-failed", G_CALLBACK (on_boundaries_failed_cb), self,
                           G_CONNECT_SWAPPED);

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
