/* moisson-team-directory.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-team-directory.h"

#include <glib/gi18n.h>
#include <string.h>

#include "moisson-file-chooser.h"

/* « Un annuaire des équipes innovation »: every team of the session's
 * initiatives as a card (département, name, contact, portrait-robot, the
 * initiatives it carries), searched and exported. It follows the session:
 * a feed reloaded or a team contributed shows at once. */

struct _MoissonTeamDirectory
{
  AdwWindow parent_instance;

  MoissonSession *session;
  GPtrArray *codes;           /* char *: the dropdown's départements; [0] NULL for all */
  GPtrArray *shown;           /* MoissonInitiative: the cards, in order */

  AdwWindowTitle *window_title;
  GtkSearchEntry *search_entry;
  GtkDropDown *departement_dropdown;
  GtkLabel *count_label;
  GtkFlowBox *cards_box;
};

G_DEFINE_FINAL_TYPE (MoissonTeamDirectory, moisson_team_directory, ADW_TYPE_WINDOW)

enum {
  INITIATIVE_ACTIVATED,
  COMPLETE_TEAM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A card shows at most this many of the initiatives a team carries. */
#define N_CARRIED_SHOWN 6

static GtkWidget *
label_new (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* An empty heading invites a pen, in the voice of the card, not in the red
 * of an error. */
static void
append_heading (GtkBox     *card,
                const char *heading,
                const char *text)
{
  GtkWidget *value;

  gtk_box_append (card, label_new (heading, "heading"));
  if (text != NULL && *text != '\0')
    {
      value = label_new (text, NULL);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
    }
  else
    {
      value = label_new (moisson_portrait_get_empty_label (), "to-complete");
      gtk_widget_add_css_class (value, "dim-label");
    }
  gtk_widget_set_margin_start (value, 8);
  gtk_box_append (card, value);
}

static void
on_open_clicked_cb (GtkButton            *button,
                    MoissonTeamDirectory *self)
{
  g_signal_emit (self, signals[INITIATIVE_ACTIVATED], 0, g_object_get_data (G_OBJECT (button), "initiative-id"));
}

static GtkWidget *
open_button (MoissonTeamDirectory *self,
             MoissonInitiative    *initiative,
             const char           *label)
{
  GtkWidget *button = gtk_button_new_with_label (label);
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));

  gtk_label_set_xalign (GTK_LABEL (child), 0);
  gtk_label_set_wrap (GTK_LABEL (child), TRUE);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  g_object_set_data_full (G_OBJECT (button), "initiative-id", g_strdup (moisson_initiative_get_id (initiative)), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_open_clicked_cb), self, 0);
  return button;
}

static void
on_complete_clicked_cb (GtkButton            *button,
                        MoissonTeamDirectory *self)
{
  g_signal_emit (self, signals[COMPLETE_TEAM], 0, g_object_get_data (G_OBJECT (button), "initiative-id"));
}

static GtkWidget *
team_card (MoissonTeamDirectory *self,
           MoissonInitiative    *team,
           GListModel           *initiatives)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = open_button (self, team, moisson_initiative_get_title (team));
  g_autofree char *names = moisson_team_dup_departement_names (team);
  g_autoptr(GPtrArray) carried = moisson_team_dup_carried (team, initiatives);
  const MoissonPortrait *portrait = moisson_initiative_get_portrait (team);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "team-card");
  gtk_box_append (GTK_BOX (card), label_new (names, "accent"));
  gtk_widget_add_css_class (title, "title-4");
  gtk_widget_set_tooltip_text (title, _("Open on the map"));
  gtk_box_append (GTK_BOX (card), title);
  append_heading (GTK_BOX (card), _("Contact"), moisson_initiative_get_contact (team));
  for (guint h = 0; h < MOISSON_N_PORTRAIT_HEADINGS; h++)
    {
      g_autofree char *text = moisson_portrait_dup_heading (portrait, h);

      append_heading (GTK_BOX (card), moisson_portrait_heading_get_label (h), text);
    }
  if (carried->len == 0)
    append_heading (GTK_BOX (card), _("Initiatives carried"), NULL);
  else
    {
      gtk_box_append (GTK_BOX (card), label_new (_("Initiatives carried"), "heading"));
      for (guint i = 0; i < carried->len && i < N_CARRIED_SHOWN; i++)
        gtk_box_append (GTK_BOX (card), open_button (self, carried->pdata[i], moisson_initiative_get_title (carried->pdata[i])));
      if (carried->len > N_CARRIED_SHOWN)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more",
                                                                carried->len - N_CARRIED_SHOWN),
                                                   carried->len - N_CARRIED_SHOWN);
          GtkWidget *label = label_new (more, "dim-label");

          gtk_widget_set_margin_start (label, 8);
          gtk_box_append (GTK_BOX (card), label);
        }
    }
  if (moisson_initiative_get_source (team) != NULL)
    {
      g_autofree char *source = g_strdup_printf (_("Source: %s"), moisson_initiative_get_source (team));
      GtkWidget *label = label_new (source, "caption");

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 6);
      gtk_box_append (GTK_BOX (card), label);
    }
  {
    GtkWidget *complete = gtk_button_new_with_mnemonic (_("_Complete This Card…"));

    gtk_widget_set_halign (complete, GTK_ALIGN_END);
    gtk_widget_set_margin_top (complete, 6);
    gtk_widget_set_tooltip_text (complete, _("Fill in what the card lacks, in the contribution form"));
    g_object_set_data_full (G_OBJECT (complete), "initiative-id", g_strdup (moisson_initiative_get_id (team)), g_free);
    g_signal_connect_object (complete, "clicked", G_CALLBACK (on_complete_clicked_cb), self, 0);
    gtk_box_append (GTK_BOX (card), complete);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  moisson_initiative_get_title (team), -1);
  return card;
}

static void
update_cards (MoissonTeamDirectory *self)
{
  GListModel *initiatives = G_LIST_MODEL (moisson_session_get_store (self->session));
  guint selected = gtk_drop_down_get_selected (self->departement_dropdown);
  const char *code = selected < self->codes->len ? g_ptr_array_index (self->codes, selected) : NULL;
  g_autofree char *count = NULL;
  GtkWidget *child;

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  self->shown = moisson_teams_select (initiatives, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), code);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box))) != NULL)
    gtk_flow_box_remove (self->cards_box, child);
  for (guint i = 0; i < self->shown->len; i++)
    gtk_flow_box_append (self->cards_box, team_card (self, self->shown->pdata[i], initiatives));
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u team", "%u teams", self->shown->len), self->shown->len);
  gtk_label_set_text (self->count_label, count);
  adw_window_title_set_subtitle (self->window_title, count);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "directory.export-csv", self->shown->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "directory.export-booklet", self->shown->len > 0);
}

static void
on_criteria_changed_cb (MoissonTeamDirectory *self)
{
  if (self->session != NULL)
    update_cards (self);
}

/* The départements that have a team, for the dropdown. */
static void
update_departements (MoissonTeamDirectory *self)
{
  g_autoptr(GPtrArray) teams = moisson_teams_select (G_LIST_MODEL (moisson_session_get_store (self->session)), NULL, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = gtk_drop_down_get_selected (self->departement_dropdown);
  g_autofree char *kept = selected < self->codes->len ? g_strdup (g_ptr_array_index (self->codes, selected)) : NULL;
  guint keep_at = 0;

  g_ptr_array_set_size (self->codes, 0);
  g_ptr_array_add (self->codes, NULL);
  gtk_string_list_append (names, _("All départements"));
  for (guint i = 0; i < teams->len; i++)
    {
      const char * const *codes = moisson_initiative_get_departements (teams->pdata[i]);

      for (guint c = 0; codes[c] != NULL; c++)
        if (g_hash_table_add (seen, (gpointer) codes[c]))
          {
            const char *name = moisson_insee_get_departement_name (codes[c]);
            g_autofree char *label = name ? g_strdup_printf ("%s (%s)", name, codes[c]) : g_strdup (codes[c]);

            if (g_strcmp0 (kept, codes[c]) == 0)
              keep_at = self->codes->len;
            g_ptr_array_add (self->codes, g_strdup (codes[c]));
            gtk_string_list_append (names, label);
          }
    }
  g_signal_handlers_block_by_func (self->departement_dropdown, on_criteria_changed_cb, self);
  gtk_drop_down_set_model (self->departement_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->departement_dropdown, keep_at);
  g_signal_handlers_unblock_by_func (self->departement_dropdown, on_criteria_changed_cb, self);
}

static void
on_store_changed_cb (MoissonTeamDirectory *self)
{
  update_departements (self);
  update_cards (self);
}

static void
show_error (MoissonTeamDirectory *self,
            GError               *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Directory Was Not Exported"), error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_export_chosen_cb (GObject        *owner,
                     GtkFileChooser *chooser,
                     gpointer        data)
{
  MoissonTeamDirectory *self = MOISSON_TEAM_DIRECTORY (owner);
  g_autofree char *path = moisson_file_chooser_dup_path (chooser);
  g_autoptr(GError) error = NULL;
  gboolean booklet = GPOINTER_TO_INT (data);

  if (path == NULL)
    return;
  if (!(booklet ? moisson_team_directory_export_booklet (self, path, &error)
                : moisson_team_directory_export_csv (self, path, &error)))
    show_error (self, error);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MoissonTeamDirectory *self = MOISSON_TEAM_DIRECTORY (widget);
  gboolean booklet = g_str_equal (action_name, "directory.export-booklet");
  GtkFileChooserNative *chooser;

  chooser = moisson_file_chooser_new (GTK_WINDOW (self), booklet ? _("Export the Booklet of Teams") : _("Export the Teams"),
                                      TRUE, _("_Export"), booklet ? _("teams.pdf") : _("teams.csv"));
  moisson_file_chooser_add_filter (chooser, booklet ? _("PDF document") : _("CSV table"),
                                   (const char *[]) { booklet ? "pdf" : "csv", NULL });
  moisson_file_chooser_show (chooser, G_OBJECT (self), on_export_chosen_cb, GINT_TO_POINTER (booklet));
}

static void
moisson_team_directory_dispose (GObject *object)
{
  MoissonTeamDirectory *self = (MoissonTeamDirectory *) object;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (moisson_session_get_store (self->session), self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), MOISSON_TYPE_TEAM_DIRECTORY);

  G_OBJECT_CLASS (moisson_team_directory_parent_class)->dispose (object);
}

static void
moisson_team_directory_finalize (GObject *object)
{
  MoissonTeamDirectory *self = (MoissonTeamDirectory *) object;

  g_ptr_array_unref (self->codes);

  G_OBJECT_CLASS (moisson_team_directory_parent_class)->finalize (object);
}

static void
moisson_team_directory_class_init (MoissonTeamDirectoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_team_directory_dispose;
  object_class->finalize = moisson_team_directory_finalize;

  /**
   * MoissonTeamDirectory::initiative-activated:
   * @id: the initiative to show: a team, or one it carries
   */
  signals[INITIATIVE_ACTIVATED] = g_signal_new ("initiative-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * MoissonTeamDirectory::complete-team:
   * @id: the team whose card the user wants to complete
   */
  signals[COMPLETE_TEAM] = g_signal_new ("complete-team", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-team-directory.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonTeamDirectory, window_title);
  gtk_widget_class_bind_template_child (widget_class, MoissonTeamDirectory, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MoissonTeamDirectory, departement_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MoissonTeamDirectory, count_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonTeamDirectory, cards_box);
  gtk_widget_class_bind_template_callback (widget_class, on_criteria_changed_cb);

  gtk_widget_class_install_action (widget_class, "directory.export-csv", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "directory.export-booklet", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
moisson_team_directory_init (MoissonTeamDirectory *self)
{
  self->codes = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * moisson_team_directory_new:
 * @parent: the window it belongs to
 * @session: whose initiatives it shows
 *
 * Returns: (transfer floating): the directory, not shown yet
 */
MoissonTeamDirectory *
moisson_team_directory_new (GtkWindow      *parent,
                            MoissonSession *session)
{
  MoissonTeamDirectory *self;

  g_return_val_if_fail (MOISSON_IS_SESSION (session), NULL);

  self = g_object_new (MOISSON_TYPE_TEAM_DIRECTORY, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (moisson_session_get_store (session), "items-changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  on_store_changed_cb (self);
  return self;
}

/* The cards shown, in order: MoissonInitiative. */
GPtrArray *
moisson_team_directory_get_shown (MoissonTeamDirectory *self)
{
  g_return_val_if_fail (MOISSON_IS_TEAM_DIRECTORY (self), NULL);
  return self->shown;
}

/* Searches at once, without the search entry's typing delay. */
void
moisson_team_directory_set_search (MoissonTeamDirectory *self,
                                   const char           *text)
{
  g_return_if_fail (MOISSON_IS_TEAM_DIRECTORY (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  update_cards (self);
}

gboolean
moisson_team_directory_export_csv (MoissonTeamDirectory *self,
                                   const char           *path,
                                   GError              **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (MOISSON_IS_TEAM_DIRECTORY (self), FALSE);

  csv = moisson_teams_to_csv (self->shown, G_LIST_MODEL (moisson_session_get_store (self->session)));
  if (!moisson_file_write_atomically (path, csv, strlen (csv), 0644, error))
    {
      g_prefix_error (error, _("The teams cannot be written to “%s”: "), path);
      return FALSE;
    }
  return TRUE;
}

gboolean
moisson_team_directory_export_booklet (MoissonTeamDirectory *self,
                                       const char           *path,
                                       GError              **error)
{
  g_return_val_if_fail (MOISSON_IS_TEAM_DIRECTORY (self), FALSE);

  return moisson_teams_write_booklet (self->shown, G_LIST_MODEL (moisson_session_get_store (self->session)), path,
                                      error);
}
