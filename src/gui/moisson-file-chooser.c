/* moisson-file-chooser.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-file-chooser.h"

#include <glib/gi18n.h>

typedef struct
{
  GObject *owner;
  MoissonFileChosenFunc chosen;
  gpointer data;
} Chosen;

static void
chosen_free (gpointer  data,
             GClosure *closure)
{
  Chosen *chosen = data;

  g_clear_object (&chosen->owner);
  g_free (chosen);
}

static void
on_response_cb (GtkFileChooserNative *chooser,
                int                   response,
                Chosen               *chosen)
{
  if (response == GTK_RESPONSE_ACCEPT)
    chosen->chosen (chosen->owner, GTK_FILE_CHOOSER (chooser), chosen->data);
  g_object_unref (chooser);
}

/**
 * moisson_file_chooser_new:
 * @current_name: (nullable): the name offered when @saving
 *
 * Returns: (transfer full): a modal dialog, to give filters and show with
 *   moisson_file_chooser_show (), which takes the reference
 */
GtkFileChooserNative *
moisson_file_chooser_new (GtkWindow  *parent,
                          const char *title,
                          gboolean    saving,
                          const char *accept_label,
                          const char *current_name)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, parent,
                                         saving ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         accept_label, _("_Cancel"));
  if (saving && current_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), current_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  return chooser;
}

/* Returns: (transfer none): the filter, for the caller to tag */
GtkFileFilter *
moisson_file_chooser_add_filter (GtkFileChooserNative *chooser,
                                 const char           *name,
                                 const char * const   *suffixes)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  return filter;
}

/* Shows @chooser; @owner is kept alive while it is open. */
void
moisson_file_chooser_show (GtkFileChooserNative  *chooser,
                           GObject               *owner,
                           MoissonFileChosenFunc  chosen,
                           gpointer               data)
{
  Chosen *what = g_new0 (Chosen, 1);

  what->owner = g_object_ref (owner);
  what->chosen = chosen;
  what->data = data;
  g_signal_connect_data (chooser, "response", G_CALLBACK (on_response_cb), what, chosen_free, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Returns: (nullable) (transfer full): the local path of the chosen file */
char *
moisson_file_chooser_dup_path (GtkFileChooser *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);

  return file != NULL ? g_file_get_path (file) : NULL;
}
