/* moisson-moderation-window.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-moderation-window.h"

#include <glib/gi18n.h>

/* The contributions waiting on the Moisson server, for a moderator who set
 * a token: each can be published or refused with a reason, which its
 * sender then sees. Every decision is the server's to keep (its audit
 * trail); this window only asks, once for each click: a decision whose
 * answer did not come is not sent again, the list asked again shows
 * whether it was recorded. After a workshop the list is long: it comes a
 * page at a time. */

/* Contributions asked for at a time: a page takes well under a second. */
#define PAGE_SIZE 100

struct _MoissonModerationWindow
{
  AdwWindow parent_instance;

  char *server;
  char *token;
  MoissonAtlas *atlas;
  GPtrArray *waiting;          /* MoissonPendingContribution, as the rows */
  gint64 next;                 /* the next page's cursor, 0 after the last */
  gboolean replace;            /* the page asked for is the first */
  gboolean listed;             /* a list came once: the count is known */
  guint total;                 /* waiting on the server, shown or not */
  char *decision_error;        /* why the last decision failed, shown until the next */
  GHashTable *reasons;         /* number -> reason of a refusal that failed, offered again */
  GCancellable *cancellable;
  guint n_asking;

  AdwWindowTitle *window_title;
  GtkWidget *refresh_button;
  GtkLabel *error_label;
  GtkStack *stack;
  GtkSpinner *spinner;
  GtkListBox *list_box;
  GtkWidget *more_button;
};

G_DEFINE_FINAL_TYPE (MoissonModerationWindow, moisson_moderation_window, ADW_TYPE_WINDOW)

enum {
  DECIDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void refresh (MoissonModerationWindow *self);
static void update_more (MoissonModerationWindow *self);
static void decide (MoissonModerationWindow *self,
                    gint64                   number,
                    gboolean                 accept,
                    const char              *reason);

/* Rows and dialogs hold the server's number of their contribution, never
 * the contribution: a refresh replaces those. */
static void
set_number (GObject *object,
            gint64   number)
{
  g_object_set_data_full (object, "moisson-number", g_memdup2 (&number, sizeof number), g_free);
}

static gint64
get_number (gpointer object)
{
  return *(gint64 *) g_object_get_data (object, "moisson-number");
}

static void
show_error (MoissonModerationWindow *self,
            const char              *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_asking (MoissonModerationWindow *self,
            gboolean                 asking)
{
  self->n_asking += asking ? 1 : -1;
  gtk_widget_set_sensitive (self->refresh_button, self->n_asking == 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->list_box), self->n_asking == 0);
  update_more (self);
}

/* "Drôme (26), Isère (38)" with the boundaries, the codes without. */
static char *
departements_of (MoissonModerationWindow *self,
                 MoissonInitiative       *initiative)
{
  const char * const *codes = moisson_initiative_get_departements (initiative);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      MoissonDepartement *departement = self->atlas != NULL ? moisson_atlas_lookup (self->atlas, codes[i]) : NULL;

      if (text->len > 0)
        g_string_append (text, ", ");
      if (departement != NULL)
        g_string_append_printf (text, "%s (%s)", moisson_departement_get_name (departement), codes[i]);
      else
        g_string_append (text, codes[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe (MoissonModerationWindow    *self,
          MoissonPendingContribution *pending)
{
  const MoissonContribution *contribution = moisson_initiative_get_contribution (pending->initiative);
  g_autofree char *where = departements_of (self, pending->initiative);
  g_autoptr(GDateTime) received = pending->received != NULL ? g_date_time_new_from_iso8601 (pending->received, NULL)
                                                            : NULL;
  g_autoptr(GDateTime) local = received != NULL ? g_date_time_to_local (received) : NULL;
  g_autofree char *when = local != NULL ? g_date_time_format (local, _("%-d %B %Y at %H:%M")) : NULL;
  g_autoptr(GString) text = g_string_new (where);

  if (when != NULL)
    g_string_append_printf (text, _(" · received on %s"), when);
  if (contribution != NULL && contribution->author != NULL)
    g_string_append_printf (text, _(" · by %s"), contribution->author);
  if (contribution != NULL && contribution->workshop != NULL)
    g_string_append_printf (text, " · %s", contribution->workshop);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_reason_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          data)
{
  MoissonModerationWindow *self = g_object_get_data (G_OBJECT (dialog), "moderation");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "refuse") == 0 && *reason != '\0')
    decide (self, get_number (dialog), FALSE, reason);
}

static void
on_reason_changed_cb (GtkEditable      *entry,
                      AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "refuse", *reason != '\0');
}

/* A refusal says why: the sender reads it. */
static void
ask_reason (MoissonModerationWindow *self,
            gint64                   number)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *dialog;
  const char *kept = g_hash_table_lookup (self->reasons, &number);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Refuse this Contribution?"),
                                   _("Say why: whoever sent it reads the reason in Moisson."));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "refuse", _("_Refuse"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "refuse", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "refuse", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "refuse");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "moderation", self);
  set_number (G_OBJECT (dialog), number);
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed_cb), dialog);
  /* What the moderator wrote for a refusal that failed is not lost. */
  if (kept != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), kept);
  g_signal_connect (dialog, "response", G_CALLBACK (on_reason_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_publish_clicked_cb (GtkButton *button,
                       gpointer   data)
{
  MoissonModerationWindow *self = MOISSON_MODERATION_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));

  decide (self, get_number (button), TRUE, NULL);
}

static void
on_refuse_clicked_cb (GtkButton *button,
                      gpointer   data)
{
  MoissonModerationWindow *self = MOISSON_MODERATION_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));

  ask_reason (self, get_number (button));
}

static GtkWidget *
new_row (MoissonModerationWindow    *self,
         MoissonPendingContribution *pending)
{
  g_autofree char *subtitle = describe (self, pending);
  g_autofree char *publish_name = NULL;
  g_autofree char *refuse_name = NULL;
  const char *title = moisson_initiative_get_title (pending->initiative);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *publish = gtk_button_new_with_mnemonic (_("_Publish"));
  GtkWidget *refuse = gtk_button_new_with_mnemonic (_("Re_fuse…"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  /* Each button says which contribution it decides on. */
  publish_name = g_strdup_printf (_("Publish “%s”"), title);
  refuse_name = g_strdup_printf (_("Refuse “%s”"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (publish), GTK_ACCESSIBLE_PROPERTY_LABEL, publish_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (refuse), GTK_ACCESSIBLE_PROPERTY_LABEL, refuse_name, -1);
  gtk_widget_set_valign (publish, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (refuse, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (publish, "suggested-action");
  gtk_widget_add_css_class (refuse, "destructive-action");
  set_number (G_OBJECT (publish), pending->number);
  set_number (G_OBJECT (refuse), pending->number);
  g_signal_connect (publish, "clicked", G_CALLBACK (on_publish_clicked_cb), NULL);
  g_signal_connect (refuse, "clicked", G_CALLBACK (on_refuse_clicked_cb), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), publish);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), refuse);
  return row;
}

static void
update_more (MoissonModerationWindow *self)
{
  gtk_widget_set_visible (self->more_button, self->next != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "moderation.more", self->next != 0 && self->n_asking == 0);
}

/* Shows the rows from @from on, and how many wait in all. */
static void
show_waiting (MoissonModerationWindow *self,
              guint                    from)
{
  GtkWidget *child;
  g_autofree char *subtitle = NULL;

  if (from == 0)
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
      gtk_list_box_remove (self->list_box, child);
  for (guint i = from; i < self->waiting->len; i++)
    gtk_list_box_append (self->list_box, new_row (self, g_ptr_array_index (self->waiting, i)));
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u contribution waiting", "%u contributions waiting",
                                           self->total), self->total);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->stack, self->waiting->len > 0 ? "list" : "empty");
  update_more (self);
}

/* A page came: the first replaces the list, the next ones add to it. */
static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(MoissonModerationWindow) self = data;
  g_autoptr(GError) error = NULL;
  gint64 next = 0;
  guint total = 0;
  g_autoptr(GPtrArray) page = moisson_moderation_list_finish (result, &next, &total, &error);
  guint from;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_asking (self, FALSE);
  gtk_spinner_stop (self->spinner);
  show_error (self, error != NULL ? error->message : self->decision_error);
  if (page == NULL)
    {
      /* What was listed stays; with nothing listed ever, nothing is
       * known to wait or not. */
      if (self->listed)
        gtk_stack_set_visible_child_name (self->stack, self->waiting->len > 0 ? "list" : "empty");
      else
        gtk_stack_set_visible_child_name (self->stack, "failed");
      return;
    }
  self->listed = TRUE;
  if (self->replace)
    g_ptr_array_set_size (self->waiting, 0);
  from = self->waiting->len;
  g_ptr_array_extend_and_steal (self->waiting, g_steal_pointer (&page));
  self->next = next;
  self->total = MAX (total, self->waiting->len);
  show_waiting (self, from);
}

/* The first page again, as long as the rows shown: a moderator who asked
 * for more keeps seeing them. */
static void
refresh (MoissonModerationWindow *self)
{
  set_asking (self, TRUE);
  if (self->waiting->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      gtk_spinner_start (self->spinner);
    }
  self->replace = TRUE;
  moisson_moderation_list_async (self->server, self->token, 0,
                                 CLAMP (self->waiting->len, PAGE_SIZE, MOISSON_MODERATION_MAX_PAGE), NULL,
                                 self->cancellable, on_listed_cb, g_object_ref (self));
}

static void
more_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MoissonModerationWindow *self = MOISSON_MODERATION_WINDOW (widget);

  set_asking (self, TRUE);
  self->replace = FALSE;
  moisson_moderation_list_async (self->server, self->token, self->next, PAGE_SIZE, NULL, self->cancellable,
                                 on_listed_cb, g_object_ref (self));
}

static void
on_refresh_clicked_cb (MoissonModerationWindow *self)
{
  g_clear_pointer (&self->decision_error, g_free);
  refresh (self);
}

typedef struct
{
  MoissonModerationWindow *self;
  gint64 number;
  char *reason;                /* of a refusal */
} Deciding;

static void
deciding_free (Deciding *deciding)
{
  g_object_unref (deciding->self);
  g_free (deciding->reason);
  g_free (deciding);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Deciding, deciding_free)

static void
on_decided_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(Deciding) deciding = data;
  MoissonModerationWindow *self = deciding->self;
  g_autoptr(GError) error = NULL;

  if (!moisson_moderation_decide_finish (result, &error) && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_asking (self, FALSE);
  g_clear_pointer (&self->decision_error, g_free);
  if (error != NULL)
    {
      self->decision_error = g_strdup (error->message);
      if (deciding->reason != NULL)
        g_hash_table_replace (self->reasons, g_memdup2 (&deciding->number, sizeof deciding->number),
                              g_steal_pointer (&deciding->reason));
    }
  else
    {
      g_hash_table_remove (self->reasons, &deciding->number);
      g_signal_emit (self, signals[DECIDED], 0);
    }
  show_error (self, self->decision_error);
  /* Decided here or by another moderator: the list as the server has it. */
  refresh (self);
}

static void
decide (MoissonModerationWindow *self,
        gint64                   number,
        gboolean                 accept,
        const char              *reason)
{
  Deciding *deciding = g_new0 (Deciding, 1);

  deciding->self = g_object_ref (self);
  deciding->number = number;
  deciding->reason = accept ? NULL : g_strdup (reason);
  set_asking (self, TRUE);
  moisson_moderation_decide_async (self->server, self->token, number, accept, reason, NULL, self->cancellable,
                                   on_decided_cb, deciding);
}

static void
moisson_moderation_window_dispose (GObject *object)
{
  MoissonModerationWindow *self = (MoissonModerationWindow *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->atlas);
  gtk_widget_dispose_template (GTK_WIDGET (self), MOISSON_TYPE_MODERATION_WINDOW);

  G_OBJECT_CLASS (moisson_moderation_window_parent_class)->dispose (object);
}

static void
moisson_moderation_window_finalize (GObject *object)
{
  MoissonModerationWindow *self = (MoissonModerationWindow *) object;

  g_free (self->server);
  g_free (self->token);
  g_free (self->decision_error);
  g_ptr_array_unref (self->waiting);
  g_hash_table_unref (self->reasons);

  G_OBJECT_CLASS (moisson_moderation_window_parent_class)->finalize (object);
}

static void
moisson_moderation_window_class_init (MoissonModerationWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_moderation_window_dispose;
  object_class->finalize = moisson_moderation_window_finalize;

  /**
   * MoissonModerationWindow::decided:
   *
   * A contribution was published or refused: the server's feed changed.
   */
  signals[DECIDED] = g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-moderation-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonModerationWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MoissonModerationWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, MoissonModerationWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonModerationWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MoissonModerationWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, MoissonModerationWindow, list_box);
  gtk_widget_class_bind_template_child (widget_class, MoissonModerationWindow, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_refresh_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "moderation.more", NULL, more_action);
}

static void
moisson_moderation_window_init (MoissonModerationWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) moisson_pending_contribution_free);
  self->reasons = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
}

/**
 * moisson_moderation_window_new:
 * @server: the Moisson server's address
 * @token: the moderator's token
 * @atlas: (nullable): to name the départements
 *
 * Asks the server for the contributions waiting, and shows them.
 */
MoissonModerationWindow *
moisson_moderation_window_new (GtkWindow    *parent,
                               const char   *server,
                               const char   *token,
                               MoissonAtlas *atlas)
{
  MoissonModerationWindow *self;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  self = g_object_new (MOISSON_TYPE_MODERATION_WINDOW, "transient-for", parent, NULL);
  self->server = g_strdup (server);
  self->token = g_strdup (token);
  self->atlas = atlas != NULL ? g_object_ref (atlas) : NULL;
  refresh (self);
  return self;
}

/* How many contributions wait on the server, listed or not yet. */
guint
moisson_moderation_window_get_n_waiting (MoissonModerationWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_MODERATION_WINDOW (self), 0);
  return self->total;
}

/* How many are listed: the pages asked for so far. */
guint
moisson_moderation_window_get_n_listed (MoissonModerationWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_MODERATION_WINDOW (self), 0);
  return self->waiting->len;
}

/* Whether the server is being asked: the list is not current yet. */
gboolean
moisson_moderation_window_is_busy (MoissonModerationWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_MODERATION_WINDOW (self), FALSE);
  return self->n_asking > 0;
}

/**
 * moisson_moderation_window_decide:
 * @index: the row, from the top
 * @reason: (nullable): why it is refused
 *
 * What the row's buttons do, without the dialog asking for a reason.
 */
void
moisson_moderation_window_decide (MoissonModerationWindow *self,
                                  guint                    index,
                                  gboolean                 accept,
                                  const char              *reason)
{
  g_return_if_fail (MOISSON_IS_MODERATION_WINDOW (self));
  g_return_if_fail (index < self->waiting->len);

  decide (self, ((MoissonPendingContribution *) g_ptr_array_index (self->waiting, index))->number, accept, reason);
}
