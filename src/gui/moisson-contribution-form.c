/* moisson-contribution-form.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-contribution-form.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* The form of an initiative added during a workshop. The map stays live
 * beside it: clicking a département adds it to the form, or takes it out. */

struct _MoissonContributionForm
{
  GtkWidget parent_instance;

  MoissonFeed *feed;
  MoissonAtlas *atlas;
  MoissonSession *session;  /* asked for its similarity index as the user types */
  char *editing_id;       /* NULL for a new initiative */
  GPtrArray *codes;       /* département codes, in the order chosen */
  gboolean tried;         /* after a first save: check as the user types */
  gboolean filling;       /* set while the form is filled in by code */
  gboolean touched;

  GtkLabel *heading_label;
  GtkEntry *title_entry;
  GtkLabel *title_error;
  GtkLabel *departements_label;
  GtkLabel *departements_error;
  GtkBox *fields_box;
  GtkLabel *fields_error;
  GtkDropDown *kind_dropdown;
  GtkDropDown *status_dropdown;
  GtkSpinButton *year_spin;
  GtkLabel *year_error;
  GtkEntry *summary_entry;
  GtkEntry *actors_entry;
  GtkEntry *contact_entry;
  GtkEntry *link_entry;
  GtkLabel *link_error;
  GtkEntry *author_entry;
  GtkEntry *workshop_entry;
  GtkLabel *addition_label;
  GtkWidget *similar_box;
  GtkListBox *similar_list;
  GtkWidget *portrait_box;
  GtkEntry *portrait_entries[8];   /* in the order of portrait_parts */
};

G_DEFINE_FINAL_TYPE (MoissonContributionForm, moisson_contribution_form, GTK_TYPE_WIDGET)

enum {
  SAVED,
  CANCELLED,
  DEPARTEMENTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GPtrArray *validate (MoissonContributionForm *self);
static void update_similar (MoissonContributionForm *self);

/* The portrait-robot of a team, as the form asks for it: the five headings
 * of the 2017 workshop, organisation in its four parts. */
static const struct
{
  const char *label;
  gsize offset;
} portrait_parts[] = {
  { N_("Vision and values"), G_STRUCT_OFFSET (MoissonPortrait, vision) },
  { N_("Activities"), G_STRUCT_OFFSET (MoissonPortrait, activities) },
  { N_("Methods"), G_STRUCT_OFFSET (MoissonPortrait, methods) },
  { N_("Organisation: team"), G_STRUCT_OFFSET (MoissonPortrait, team) },
  { N_("Organisation: budget"), G_STRUCT_OFFSET (MoissonPortrait, budget) },
  { N_("Organisation: place"), G_STRUCT_OFFSET (MoissonPortrait, place) },
  { N_("Organisation: communication"), G_STRUCT_OFFSET (MoissonPortrait, communication) },
  { N_("Governance"), G_STRUCT_OFFSET (MoissonPortrait, governance) },
};

G_STATIC_ASSERT (G_N_ELEMENTS (portrait_parts) == 8);

#define PORTRAIT_PART(portrait, i) G_STRUCT_MEMBER (char *, (portrait), portrait_parts[i].offset)

/* How many « Déjà fait ailleurs ? » suggestions the form shows. */
#define N_SIMILAR 3
#define MIN_SHARE_OF_BEST 0.3

static const char *
text_of (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

/* A year not known shows empty, not as 0; the first step up from it gives
 * this year, not the year 1. */
static gboolean
on_year_output_cb (GtkSpinButton *spin)
{
  if (gtk_spin_button_get_value_as_int (spin) != 0)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (spin), "");
  return TRUE;
}

static int
on_year_input_cb (GtkSpinButton *spin,
                  double        *value)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin))));

  if (*text != '\0')
    return FALSE;
  *value = 0;
  return TRUE;
}

static void
on_year_value_changed_cb (GtkSpinButton *spin)
{
  if (gtk_spin_button_get_value_as_int (spin) == 1)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      gtk_spin_button_set_value (spin, g_date_time_get_year (now));
    }
}

static void
update_departements (MoissonContributionForm *self)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < self->codes->len; i++)
    {
      const char *code = g_ptr_array_index (self->codes, i);
      MoissonDepartement *departement = self->atlas ? moisson_atlas_lookup (self->atlas, code) : NULL;
      g_autofree char *name = departement ? moisson_departement_dup_display_name (departement) : g_strdup (code);

      g_string_append_printf (names, "%s%s", names->len ? ", " : "", name);
    }
  gtk_label_set_text (self->departements_label, names->len ? names->str : _("None yet"));
  g_signal_emit (self, signals[DEPARTEMENTS_CHANGED], 0);
}

static void
show_error (GtkLabel   *label,
            GPtrArray  *problems,
            const char *field)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      MoissonDraftProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->field, field) == 0)
        g_string_append_printf (text, "%s%s", text->len ? "\n" : "", problem->message);
    }
  gtk_label_set_text (label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (label), text->len > 0);
}

static void
show_problems (MoissonContributionForm *self,
               GPtrArray               *problems)
{
  show_error (self->title_error, problems, "title");
  show_error (self->departements_error, problems, "departements");
  show_error (self->fields_error, problems, "fields");
  show_error (self->year_error, problems, "year");
  show_error (self->link_error, problems, "link");
}

static void
on_changed_cb (MoissonContributionForm *self)
{
  if (self->filling)
    return;
  self->touched = TRUE;
  update_similar (self);
  /* Once the user has tried to save, errors follow the typing. */
  if (self->tried)
    {
      g_autoptr(GPtrArray) problems = validate (self);
      show_problems (self, problems);
    }
}

/* Only a team has a portrait-robot to fill in. */
static void
on_kind_changed_cb (MoissonContributionForm *self)
{
  gtk_widget_set_visible (self->portrait_box, gtk_drop_down_get_selected (self->kind_dropdown) == MOISSON_KIND_TEAM);
  on_changed_cb (self);
}

static void
on_entry_activate_cb (MoissonContributionForm *self)
{
  moisson_contribution_form_save (self);
}

static char **
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

MoissonDraft *
moisson_contribution_form_dup_draft (MoissonContributionForm *self)
{
  MoissonDraft *draft = g_new0 (MoissonDraft, 1);
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();

  draft->id = g_strdup (self->editing_id);
  draft->title = g_strdup (text_of (self->title_entry));
  for (guint i = 0; i < self->codes->len; i++)
    g_strv_builder_add (codes, g_ptr_array_index (self->codes, i));
  draft->departements = g_strv_builder_end (codes);
  for (GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box)); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (button)))
      g_strv_builder_add (fields, g_object_get_data (G_OBJECT (button), "field-id"));
  draft->fields = g_strv_builder_end (fields);
  draft->kind = gtk_drop_down_get_selected (self->kind_dropdown);
  draft->status = gtk_drop_down_get_selected (self->status_dropdown);
  draft->year = gtk_spin_button_get_value_as_int (self->year_spin);
  draft->summary = g_strdup (text_of (self->summary_entry));
  draft->actors = split_list (text_of (self->actors_entry));
  draft->contact = g_strdup (text_of (self->contact_entry));
  draft->link = g_strdup (text_of (self->link_entry));
  draft->author = g_strdup (text_of (self->author_entry));
  draft->workshop = g_strdup (text_of (self->workshop_entry));
  if (draft->kind == MOISSON_KIND_TEAM)
    {
      draft->portrait = g_new0 (MoissonPortrait, 1);
      for (guint i = 0; i < G_N_ELEMENTS (portrait_parts); i++)
        PORTRAIT_PART (draft->portrait, i) = g_strdup (text_of (self->portrait_entries[i]));
    }
  return draft;
}

static GPtrArray *
validate (MoissonContributionForm *self)
{
  g_autoptr(MoissonDraft) draft = moisson_contribution_form_dup_draft (self);

  return moisson_draft_validate (draft, self->feed ? moisson_feed_get_fields (self->feed) : NULL);
}

static char *
departement_names (MoissonAtlas       *atlas,
                   const char * const *codes)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      MoissonDepartement *departement = atlas ? moisson_atlas_lookup (atlas, codes[i]) : NULL;
      g_autofree char *name = departement ? moisson_departement_dup_display_name (departement) : g_strdup (codes[i]);

      g_string_append_printf (names, "%s%s", names->len ? ", " : "", name);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
on_same_clicked_cb (GtkButton               *button,
                    MoissonContributionForm *self)
{
  MoissonInitiative *initiative = g_object_get_data (G_OBJECT (button), "initiative");

  moisson_contribution_form_make_addition (self, initiative);
}

static GtkWidget *
similar_row (MoissonContributionForm *self,
             MoissonInitiative       *initiative)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (moisson_initiative_get_title (initiative));
  g_autofree char *names = departement_names (self->atlas, moisson_initiative_get_departements (initiative));
  GtkWidget *where = gtk_label_new (names);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));
  GtkWidget *same = gtk_button_new_with_mnemonic (_("_It’s the Same"));
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_wrap (GTK_LABEL (where), TRUE);
  gtk_widget_add_css_class (where, "dim-label");
  gtk_widget_add_css_class (where, "caption");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "s", moisson_initiative_get_id (initiative));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "win.open-initiative");
  gtk_widget_set_tooltip_text (same, _("Add your départements to this entry instead of entering it twice"));
  g_object_set_data_full (G_OBJECT (same), "initiative", g_object_ref (initiative), g_object_unref);
  g_signal_connect_object (same, "clicked", G_CALLBACK (on_same_clicked_cb), self, 0);
  gtk_widget_add_css_class (same, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), open);
  gtk_box_append (GTK_BOX (buttons), same);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), where);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  moisson_initiative_get_title (initiative), -1);
  return row;
}

/* « Déjà fait ailleurs ? »: what the title and the summary typed so far
 * look like, from every source, so that nobody enters again what another
 * département already did. Not while editing an entry: it is known. */
static void
update_similar (MoissonContributionForm *self)
{
  g_autoptr(MoissonDraft) draft = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autofree char *text = NULL;
  MoissonSimilarQuery query = { 0 };
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->similar_list))) != NULL)
    gtk_list_box_remove (self->similar_list, child);
  gtk_widget_set_visible (self->similar_box, FALSE);
  if (self->session == NULL || self->editing_id != NULL)
    return;

  draft = moisson_contribution_form_dup_draft (self);
  text = draft->summary != NULL && *draft->summary != '\0'
           ? g_strconcat (draft->title, " — ", draft->summary, NULL)
           : g_strdup (draft->title);
  query.text = text;
  query.fields = (const char * const *) draft->fields;
  query.prefix_last = TRUE;
  matches = moisson_similar_index_query (moisson_session_get_similar_index (self->session), &query, N_SIMILAR);
  /* Far behind the first, a match shares a word by chance. */
  for (guint i = 0; i < matches->len; i++)
    if (g_array_index (matches, MoissonSimilarMatch, i).score >= MIN_SHARE_OF_BEST * g_array_index (matches, MoissonSimilarMatch, 0).score)
      gtk_list_box_append (self->similar_list,
                           similar_row (self, g_array_index (matches, MoissonSimilarMatch, i).initiative));
  gtk_widget_set_visible (self->similar_box, matches->len > 0);
}

/**
 * moisson_contribution_form_save:
 *
 * Emits "saved" with the draft when it is valid; shows what is missing
 * next to each entry otherwise.
 *
 * Returns: %TRUE if the draft was valid
 */
gboolean
moisson_contribution_form_save (MoissonContributionForm *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(MoissonDraft) draft = NULL;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_FORM (self), FALSE);

  self->tried = TRUE;
  problems = validate (self);
  show_problems (self, problems);
  if (problems->len > 0)
    {
      if (gtk_widget_get_visible (GTK_WIDGET (self->title_error)))
        gtk_widget_grab_focus (GTK_WIDGET (self->title_entry));
      return FALSE;
    }

  draft = moisson_contribution_form_dup_draft (self);
  g_signal_emit (self, signals[SAVED], 0, draft);
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  moisson_contribution_form_save (MOISSON_CONTRIBUTION_FORM (widget));
}

static void
on_discard_response_cb (AdwMessageDialog        *dialog,
                        const char              *response,
                        MoissonContributionForm *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    g_signal_emit (self, signals[CANCELLED], 0);
}

/* Escape or Cancel: what was typed is not thrown away without asking. */
static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MoissonContributionForm *self = MOISSON_CONTRIBUTION_FORM (widget);
  GtkWidget *dialog;

  if (!moisson_contribution_form_has_input (self))
    {
      g_signal_emit (self, signals[CANCELLED], 0);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Discard This Initiative?"),
                                   _("What was typed in the form will be lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
moisson_contribution_form_dispose (GObject *object)
{
  MoissonContributionForm *self = (MoissonContributionForm *) object;
  GtkWidget *child;

  g_clear_object (&self->feed);
  g_clear_object (&self->atlas);
  g_clear_object (&self->session);
  g_clear_pointer (&self->editing_id, g_free);
  g_clear_pointer (&self->codes, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), MOISSON_TYPE_CONTRIBUTION_FORM);
  /* The template's top widget is not a bound child: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (moisson_contribution_form_parent_class)->dispose (object);
}

static void
moisson_contribution_form_class_init (MoissonContributionFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_contribution_form_dispose;

  /**
   * MoissonContributionForm::saved:
   * @draft: (type gpointer): the valid MoissonDraft, owned by the form
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * MoissonContributionForm::departements-changed:
   *
   * The départements chosen changed: the map shows them all.
   */
  signals[DEPARTEMENTS_CHANGED] = g_signal_new ("departements-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-contribution-form.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, heading_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, title_entry);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, title_error);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, departements_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, departements_error);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, fields_box);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, fields_error);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, year_spin);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, year_error);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, summary_entry);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, actors_entry);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, contact_entry);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, link_entry);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, link_error);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, author_entry);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, workshop_entry);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, addition_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, similar_box);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, similar_list);
  gtk_widget_class_bind_template_child (widget_class, MoissonContributionForm, portrait_box);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed_cb);

  gtk_widget_class_install_action (widget_class, "form.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "form.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "form.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
moisson_contribution_form_init (MoissonContributionForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->codes = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (self->year_spin, "output", G_CALLBACK (on_year_output_cb), NULL);
  g_signal_connect (self->year_spin, "input", G_CALLBACK (on_year_input_cb), NULL);
  g_signal_connect (self->year_spin, "value-changed", G_CALLBACK (on_year_value_changed_cb), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (portrait_parts); i++)
    {
      GtkWidget *label = gtk_label_new (_(portrait_parts[i].label));
      GtkWidget *entry = gtk_entry_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), moisson_portrait_get_empty_label ());
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _(portrait_parts[i].label), -1);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_changed_cb), self);
      g_signal_connect_swapped (entry, "activate", G_CALLBACK (on_entry_activate_cb), self);
      gtk_box_append (GTK_BOX (self->portrait_box), label);
      gtk_box_append (GTK_BOX (self->portrait_box), entry);
      self->portrait_entries[i] = GTK_ENTRY (entry);
    }
}

/* Shows @draft; @editing: it is an entry that exists, saved under its id. */
static void
fill (MoissonContributionForm *self,
      MoissonDraft            *draft,
      gboolean                 editing)
{
  GtkWidget *child;

  g_clear_pointer (&self->editing_id, g_free);
  g_ptr_array_set_size (self->codes, 0);
  self->editing_id = editing ? g_strdup (draft->id) : NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), draft->title ?: "");
  for (guint i = 0; draft->departements != NULL && draft->departements[i] != NULL; i++)
    g_ptr_array_add (self->codes, g_strdup (draft->departements[i]));
  update_departements (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box))) != NULL)
    gtk_box_remove (self->fields_box, child);
  if (self->feed != NULL)
    {
      GPtrArray *fields = moisson_feed_get_fields (self->feed);

      for (guint i = 0; i < fields->len; i++)
        {
          const MoissonField *field = g_ptr_array_index (fields, i);
          GtkWidget *button = gtk_check_button_new_with_label (field->label);
          GtkWidget *label = gtk_widget_get_last_child (button);

          /* Wrapped, as in the filters: the panel beside the map does not widen. */
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          g_object_set_data_full (G_OBJECT (button), "field-id", g_strdup (field->id), g_free);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (button),
                                       draft->fields != NULL && g_strv_contains ((const char * const *) draft->fields, field->id));
          g_signal_connect_swapped (button, "toggled", G_CALLBACK (on_changed_cb), self);
          gtk_box_append (self->fields_box, button);
        }
    }

  gtk_drop_down_set_selected (self->kind_dropdown, draft->kind);
  gtk_drop_down_set_selected (self->status_dropdown, draft->status);
  gtk_spin_button_set_value (self->year_spin, draft->year);
  gtk_editable_set_text (GTK_EDITABLE (self->summary_entry), draft->summary ?: "");
  {
    g_autofree char *actors = draft->actors ? g_strjoinv (", ", draft->actors) : g_strdup ("");
    gtk_editable_set_text (GTK_EDITABLE (self->actors_entry), actors);
  }
  gtk_editable_set_text (GTK_EDITABLE (self->contact_entry), draft->contact ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->link_entry), draft->link ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->author_entry), draft->author ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->workshop_entry), draft->workshop ?: "");
  for (guint i = 0; i < G_N_ELEMENTS (portrait_parts); i++)
    {
      const char *part = draft->portrait != NULL ? PORTRAIT_PART (draft->portrait, i) : NULL;

      gtk_editable_set_text (GTK_EDITABLE (self->portrait_entries[i]), part ? part : "");
    }

  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();
    show_problems (self, none);
  }
}

/**
 * moisson_contribution_form_start:
 * @editing: (nullable): the contribution to edit, or %NULL for a new one
 * @departement_code: (nullable): a first département for a new one
 * @author, @workshop: (nullable): remembered from the last contribution
 */
void
moisson_contribution_form_start (MoissonContributionForm *self,
                                 MoissonFeed             *feed,
                                 MoissonAtlas            *atlas,
                                 MoissonInitiative       *editing,
                                 const char              *departement_code,
                                 const char              *author,
                                 const char              *workshop)
{
  g_autoptr(MoissonDraft) draft = NULL;

  g_return_if_fail (MOISSON_IS_CONTRIBUTION_FORM (self));

  self->filling = TRUE;
  g_set_object (&self->feed, feed);
  g_set_object (&self->atlas, atlas);
  self->tried = FALSE;
  self->touched = FALSE;

  if (editing != NULL)
    draft = moisson_initiative_to_draft (editing);
  else
    {
      draft = g_new0 (MoissonDraft, 1);
      draft->departements = departement_code ? g_strdupv ((char *[]) { (char *) departement_code, NULL }) : NULL;
      draft->author = g_strdup (author);
      draft->workshop = g_strdup (workshop);
    }

  fill (self, draft, editing != NULL);
  self->filling = FALSE;
  gtk_label_set_text (self->heading_label, editing ? _("Edit the Initiative") : _("New Initiative"));
  gtk_widget_set_visible (GTK_WIDGET (self->addition_label), FALSE);
  update_similar (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_entry));
}

/* A click on the map while the form is open. */
void
moisson_contribution_form_toggle_departement (MoissonContributionForm *self,
                                              const char              *code)
{
  guint index;

  g_return_if_fail (MOISSON_IS_CONTRIBUTION_FORM (self));
  g_return_if_fail (code != NULL);

  if (g_ptr_array_find_with_equal_func (self->codes, code, g_str_equal, &index))
    g_ptr_array_remove_index (self->codes, index);
  else
    g_ptr_array_add (self->codes, g_strdup (code));
  update_departements (self);
  on_changed_cb (self);
}

/* TRUE when the user has typed or chosen something. */
gboolean
moisson_contribution_form_has_input (MoissonContributionForm *self)
{
  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_FORM (self), FALSE);
  return self->touched;
}

/* The session whose initiatives « Déjà fait ailleurs ? » looks through;
 * %NULL: none are suggested. */
void
moisson_contribution_form_set_session (MoissonContributionForm *self,
                                       MoissonSession          *session)
{
  g_return_if_fail (MOISSON_IS_CONTRIBUTION_FORM (self));
  g_return_if_fail (session == NULL || MOISSON_IS_SESSION (session));

  g_set_object (&self->session, session);
}

/* The form edits @initiative itself, saved under its id: with the
 * départements typed so far added to its own when @add_typed, and who
 * adds to it. */
static void
edit_existing (MoissonContributionForm *self,
               MoissonInitiative       *initiative,
               gboolean                 add_typed,
               const char              *heading,
               const char              *note)
{
  g_autoptr(MoissonDraft) typed = moisson_contribution_form_dup_draft (self);
  g_autoptr(MoissonDraft) draft = moisson_initiative_to_draft (initiative);
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();

  g_strv_builder_addv (codes, (const char **) draft->departements);
  for (guint i = 0; add_typed && typed->departements[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) draft->departements, typed->departements[i]))
      g_strv_builder_add (codes, typed->departements[i]);
  g_strfreev (draft->departements);
  draft->departements = g_strv_builder_end (codes);
  g_free (draft->author);
  draft->author = g_steal_pointer (&typed->author);
  g_free (draft->workshop);
  draft->workshop = g_steal_pointer (&typed->workshop);

  self->filling = TRUE;
  fill (self, draft, TRUE);
  self->filling = FALSE;
  self->touched = TRUE;
  gtk_label_set_text (self->heading_label, heading);
  gtk_label_set_text (self->addition_label, note);
  gtk_widget_set_visible (GTK_WIDGET (self->addition_label), TRUE);
  update_similar (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_entry));
}

/**
 * moisson_contribution_form_make_addition:
 * @initiative: the existing entry the user says the contribution is
 *
 * « C'est la même »: the form now edits @initiative itself, with the
 * départements typed so far added to its own, and who adds them; saved
 * under its id, it is an addition to that entry, not a second one.
 */
void
moisson_contribution_form_make_addition (MoissonContributionForm *self,
                                         MoissonInitiative       *initiative)
{
  g_autofree char *heading = NULL;

  g_return_if_fail (MOISSON_IS_CONTRIBUTION_FORM (self));
  g_return_if_fail (MOISSON_IS_INITIATIVE (initiative));

  /* TRANSLATORS: the title of an initiative that already exists */
  heading = g_strdup_printf (_("Addition to “%s”"), moisson_initiative_get_title (initiative));
  edit_existing (self, initiative, TRUE, heading,
                 _("Saved as an addition to this entry: your départements are added to it, "
                   "and it is not entered twice."));
}

/**
 * moisson_contribution_form_complete:
 * @initiative: an existing entry, such as a team whose portrait-robot has
 *   headings to be completed
 *
 * The form edits @initiative as it is, its portrait-robot open when it is a
 * team; saved under its id, what is filled in completes that entry.
 */
void
moisson_contribution_form_complete (MoissonContributionForm *self,
                                    MoissonInitiative       *initiative)
{
  g_autofree char *heading = NULL;

  g_return_if_fail (MOISSON_IS_CONTRIBUTION_FORM (self));
  g_return_if_fail (MOISSON_IS_INITIATIVE (initiative));

  /* TRANSLATORS: the title of an initiative that already exists */
  heading = g_strdup_printf (_("Complete “%s”"), moisson_initiative_get_title (initiative));
  edit_existing (self, initiative, FALSE, heading,
                 _("Saved as a completion of this entry, for a facilitator to review."));
  if (moisson_initiative_get_kind (initiative) == MOISSON_KIND_TEAM)
    gtk_widget_grab_focus (GTK_WIDGET (self->portrait_entries[0]));
}

/**
 * moisson_contribution_form_dup_departements:
 *
 * Returns: (transfer full): the codes of the départements chosen so far
 */
GStrv
moisson_contribution_form_dup_departements (MoissonContributionForm *self)
{
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_FORM (self), NULL);

  for (guint i = 0; i < self->codes->len; i++)
    g_strv_builder_add (codes, g_ptr_array_index (self->codes, i));
  return g_strv_builder_end (codes);
}
