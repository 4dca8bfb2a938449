/* moisson-window-sources.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-window-private.h"

#include <glib/gi18n.h>

#include "moisson-import-assistant.h"

/* Opening a table or a GeoJSON, as the feed or as another source: the
 * import assistant shows what was guessed of its columns and lets the user
 * change it. The choice is kept per file or address in the settings, and
 * applies again on each refresh and at the next start. A Moisson feed, or
 * an address, opens without a question, with the columns chosen before. */

typedef struct
{
  MoissonWindow *window;
  char *location;
  gboolean add;      /* as another source, not as the feed */
  GBytes *bytes;
} Import;

static void
import_free (Import *import)
{
  g_clear_object (&import->window);
  g_free (import->location);
  g_clear_pointer (&import->bytes, g_bytes_unref);
  g_free (import);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Import, import_free)

static const char * const role_keys[] = { "title", "departement", "latitude", "longitude" };

static const char **
mapping_column (MoissonFeedMapping *mapping,
                guint               role)
{
  const char **columns[] = { &mapping->title, &mapping->departement, &mapping->latitude, &mapping->longitude };

  return columns[role];
}

/**
 * _moisson_window_dup_mapping:
 *
 * Returns: (transfer full) (nullable): the columns chosen for @location
 *   the last time it was imported
 */
MoissonFeedMapping *
_moisson_window_dup_mapping (MoissonWindow *self,
                             const char    *location)
{
  g_autoptr(GVariant) all = NULL;
  g_autoptr(GVariant) chosen = NULL;
  MoissonFeedMapping found = { NULL };

  if (self->settings == NULL || location == NULL)
    return NULL;
  all = g_settings_get_value (self->settings, "import-mappings");
  chosen = g_variant_lookup_value (all, location, G_VARIANT_TYPE ("a{ss}"));
  if (chosen == NULL)
    return NULL;
  for (guint role = 0; role < G_N_ELEMENTS (role_keys); role++)
    g_variant_lookup (chosen, role_keys[role], "&s", mapping_column (&found, role));
  return moisson_feed_mapping_copy (&found);
}

static void
remember_mapping (MoissonWindow            *self,
                  const char               *location,
                  const MoissonFeedMapping *mapping)
{
  g_autoptr(GVariant) all = NULL;
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{sa{ss}}"));
  GVariantIter iter;
  const char *key;
  GVariant *value;

  if (self->settings == NULL)
    return;
  all = g_settings_get_value (self->settings, "import-mappings");
  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&s@a{ss}}", &key, &value))
    {
      if (strcmp (key, location) != 0)
        g_variant_builder_add (&builder, "{s@a{ss}}", key, value);
      g_variant_unref (value);
    }
  if (!moisson_feed_mapping_is_empty (mapping))
    {
      GVariantBuilder columns;

      g_variant_builder_init (&columns, G_VARIANT_TYPE ("a{ss}"));
      for (guint role = 0; role < G_N_ELEMENTS (role_keys); role++)
        {
          const char *column = *mapping_column ((MoissonFeedMapping *) mapping, role);

          if (column != NULL)
            g_variant_builder_add (&columns, "{ss}", role_keys[role], column);
        }
      g_variant_builder_add (&builder, "{sa{ss}}", location, &columns);
    }
  g_settings_set_value (self->settings, "import-mappings", g_variant_builder_end (&builder));
}

static void
open_mapped (Import                   *import,
             const MoissonFeedMapping *mapping)
{
  MoissonWindow *self = import->window;

  if (import->add)
    moisson_session_add_source (self->session, import->location, mapping);
  else
    moisson_session_load_feed_mapped (self->session, import->location, mapping);
}

static void
on_assistant_import_cb (MoissonImportAssistant *assistant,
                        MoissonFeedMapping     *mapping,
                        Import                 *import)
{
  remember_mapping (import->window, import->location, mapping);
  open_mapped (import, mapping);
}

static void
on_preview_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(Import) import = data;
  g_autoptr(MoissonFeedPreview) preview = NULL;
  g_autoptr(MoissonFeedMapping) remembered = NULL;
  g_autofree char *name = NULL;
  MoissonImportAssistant *assistant;
  MoissonWindow *self = import->window;

  preview = moisson_feed_preview_new_finish (result, NULL);
  remembered = _moisson_window_dup_mapping (self, import->location);
  /* What cannot be previewed is loaded as it is: the load says why it
   * fails, as for any feed. A feed's members have known names. */
  if (preview == NULL || moisson_feed_preview_get_kind (preview) == MOISSON_FEED_PREVIEW_FEED ||
      moisson_session_get_atlas (self->session) == NULL)
    {
      open_mapped (import, remembered);
      return;
    }
  name = g_path_get_basename (import->location);
  assistant = moisson_import_assistant_new (GTK_WINDOW (self), name, import->bytes,
                                            moisson_session_get_atlas (self->session), remembered);
  moisson_import_assistant_set_location (assistant, import->location);
  g_signal_connect_data (assistant, "import", G_CALLBACK (on_assistant_import_cb), g_steal_pointer (&import),
                         (GClosureNotify) (void (*) (void)) import_free, 0);
}

static void
on_loaded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  Import *import = data;
  g_autoptr(GError) error = NULL;

  import->bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (import->bytes == NULL)
    {
      /* Unreadable: the load reports it, as for any feed. */
      open_mapped (import, NULL);
      import_free (import);
      return;
    }
  moisson_feed_preview_new_async (import->bytes, NULL, on_preview_cb, import);
}

/**
 * moisson_window_import:
 * @location: a path, a file URI or an http(s) address
 * @add: %TRUE to show it as well as the feed, %FALSE to replace the feed
 *
 * Opens @location as the user asked, through the import assistant when it
 * is a local table or GeoJSON.
 */
void
moisson_window_import (MoissonWindow *self,
                       const char    *location,
                       gboolean       add)
{
  g_autofree char *uri = moisson_feed_location_to_uri (location, NULL);
  g_autoptr(GFile) file = NULL;
  Import *import;

  g_return_if_fail (MOISSON_IS_WINDOW (self));
  g_return_if_fail (location != NULL);

  import = g_new0 (Import, 1);
  import->window = g_object_ref (self);
  import->location = g_strdup (location);
  import->add = add;
  if (uri == NULL || !g_str_has_prefix (uri, "file:"))
    {
      g_autoptr(MoissonFeedMapping) remembered = _moisson_window_dup_mapping (self, location);

      open_mapped (import, remembered);
      import_free (import);
      return;
    }
  file = g_file_new_for_uri (uri);
  g_file_load_bytes_async (file, NULL, on_loaded_cb, import);
}

static void
on_source_file_chosen_cb (GObject        *owner,
                          GtkFileChooser *chooser,
                          gpointer        data)
{
  g_autofree char *path = moisson_file_chooser_dup_path (chooser);

  if (path != NULL)
    moisson_window_import (MOISSON_WINDOW (owner), path, GPOINTER_TO_INT (data));
}

/**
 * _moisson_window_choose_file:
 * @add: whether the file is to be another source
 *
 * Asks for a feed, GeoJSON or table file, then imports it.
 */
void
_moisson_window_choose_file (MoissonWindow *self,
                             gboolean       add)
{
  GtkFileChooserNative *chooser = moisson_file_chooser_new (GTK_WINDOW (self),
                                                            add ? _("Add a Source") : _("Open a Feed File"),
                                                            FALSE, add ? _("_Add") : _("_Open"), NULL);

  moisson_file_chooser_add_filter (chooser, _("Feeds, GeoJSON and spreadsheets (.json, .geojson, .csv)"),
                                   (const char *[]) { "json", "geojson", "csv", "JSON", "GEOJSON", "CSV", NULL });
  moisson_file_chooser_show (chooser, G_OBJECT (self), on_source_file_chosen_cb, GINT_TO_POINTER (add));
}

static void
on_location_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         MoissonWindow    *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *location = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  gboolean add = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "add"));

  if (g_strcmp0 (response, "open") == 0 && *location != '\0')
    moisson_window_import (self, location, add);
  else if (g_strcmp0 (response, "file") == 0)
    _moisson_window_choose_file (self, add);
}

/**
 * _moisson_window_ask_location:
 * @add: %TRUE for another source, %FALSE for the feed
 *
 * Asks for an address, or a file through « Choose a File… ».
 */
void
_moisson_window_ask_location (MoissonWindow *self,
                              gboolean       add)
{
  const char *current = moisson_session_get_feed_location (self->session);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (add)
    dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Add a Source"),
                                     _("The address (https://…) or the path of a file of initiatives to show as "
                                       "well as the feed: a feed, a GeoJSON export of points (uMap, data.gouv.fr) "
                                       "or a spreadsheet saved as CSV."));
  else
    dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Open a Feed"),
                                     _("The address of a feed (https://…), or the path of a feed file. "
                                       "GeoJSON exports of points (uMap, data.gouv.fr) and spreadsheets saved as "
                                       "CSV are read too."));
  g_object_set_data (G_OBJECT (dialog), "add", GINT_TO_POINTER (add));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), !add && current != NULL ? current : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "file", _("Choose a _File…"),
                                    "open", add ? _("_Add") : _("_Open"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_location_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
