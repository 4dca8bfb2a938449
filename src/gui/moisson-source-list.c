/* moisson-source-list.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-source-list.h"

#include <glib/gi18n.h>

#include "moisson-source-row.h"

/* The sources of the session in the side panel, the feed first: each can
 * be shown or hidden, and each but the feed removed. Folded while the feed
 * is alone, opened when a source is added. */

struct _MoissonSourceList
{
  GtkWidget parent_instance;

  MoissonSession *session;

  GtkExpander *expander;
  GtkListBox *list_box;
};

G_DEFINE_FINAL_TYPE (MoissonSourceList, moisson_source_list, GTK_TYPE_WIDGET)

static void
on_row_remove_cb (MoissonSourceRow  *row,
                  MoissonSourceList *self)
{
  if (self->session != NULL)
    moisson_session_remove_source (self->session, moisson_source_row_get_source (row));
}

static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  MoissonSourceList *self = data;
  g_autoptr(MoissonSource) feed = g_list_model_get_item (moisson_session_get_sources (self->session), 0);
  GtkWidget *row = moisson_source_row_new (item, item != feed);

  g_signal_connect_object (row, "remove", G_CALLBACK (on_row_remove_cb), self, 0);
  return row;
}

static void
on_sources_changed_cb (MoissonSourceList *self,
                       guint              position,
                       guint              removed,
                       guint              added)
{
  guint n = g_list_model_get_n_items (moisson_session_get_sources (self->session));
  g_autofree char *label = g_strdup_printf (_("Sources (%u)"), n);

  gtk_expander_set_label (self->expander, label);
  if (added > 0 && n > 1)
    gtk_expander_set_expanded (self->expander, TRUE);
}

static void
moisson_source_list_dispose (GObject *object)
{
  MoissonSourceList *self = (MoissonSourceList *) object;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (moisson_session_get_sources (self->session), self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), MOISSON_TYPE_SOURCE_LIST);

  G_OBJECT_CLASS (moisson_source_list_parent_class)->dispose (object);
}

static void
moisson_source_list_class_init (MoissonSourceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_source_list_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-source-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonSourceList, expander);
  gtk_widget_class_bind_template_child (widget_class, MoissonSourceList, list_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
moisson_source_list_init (MoissonSourceList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
moisson_source_list_set_session (MoissonSourceList *self,
                                 MoissonSession    *session)
{
  g_return_if_fail (MOISSON_IS_SOURCE_LIST (self));
  g_return_if_fail (MOISSON_IS_SESSION (session));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (moisson_session_get_sources (self->session), self);
  g_set_object (&self->session, session);
  gtk_list_box_bind_model (self->list_box, moisson_session_get_sources (session), create_row, self, NULL);
  g_signal_connect_object (moisson_session_get_sources (session), "items-changed",
                           G_CALLBACK (on_sources_changed_cb), self, G_CONNECT_SWAPPED);
  on_sources_changed_cb (self, 0, 0, 0);
}
