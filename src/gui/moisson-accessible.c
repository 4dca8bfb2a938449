/* moisson-accessible.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-accessible.h"

#include <glib/gi18n.h>
#include <string.h>

/* GTK 4.8 gives whatever has no accessible name the name of its type: a
 * screen reader reads out « GtkRange », « AdwGizmo », « GtkToggleButton ».
 * The app names its own widgets in their templates. The pieces GTK and
 * libadwaita build inside theirs are named here as they show: after what
 * they stand for where there is one (the button of a drop-down, a card of
 * a flow box, a search box), and otherwise (icons, scroll bars, boxes,
 * stack pages) with an empty name, which a screen reader passes over. */

static gboolean
is_mute (GtkAccessibleRole role)
{
  switch (role)
    {
    case GTK_ACCESSIBLE_ROLE_WIDGET:
    case GTK_ACCESSIBLE_ROLE_IMG:
    case GTK_ACCESSIBLE_ROLE_LABEL:
    case GTK_ACCESSIBLE_ROLE_LIST:
    case GTK_ACCESSIBLE_ROLE_SCROLLBAR:
    case GTK_ACCESSIBLE_ROLE_TAB_LIST:
    case GTK_ACCESSIBLE_ROLE_TAB_PANEL:
      return TRUE;
    default:
      return FALSE;
    }
}

/* GTK 4.8 names a button with a mnemonic by its label, underline and all,
 * then by the label it shows: « _Save Save ». The label shown is enough. */
static void
say_button_once (GtkButton *button)
{
  const char *label = gtk_button_get_label (button);

  if (gtk_button_get_use_underline (button) && label != NULL && strchr (label, '_') != NULL &&
      gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
name_piece (GtkAccessible *accessible)
{
  GtkWidget *widget = GTK_IS_WIDGET (accessible) ? GTK_WIDGET (accessible) : NULL;
  GtkWidget *parent = widget != NULL ? gtk_widget_get_parent (widget) : NULL;

  if (GTK_IS_BUTTON (widget) && g_object_get_data (G_OBJECT (widget), "moisson-said-once") == NULL)
    {
      g_object_set_data (G_OBJECT (widget), "moisson-said-once", GINT_TO_POINTER (TRUE));
      g_signal_connect (widget, "notify::label", G_CALLBACK (say_button_once), NULL);
      say_button_once (GTK_BUTTON (widget));
    }
  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return;
  if (GTK_IS_FLOW_BOX_CHILD (widget) && gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (widget)) != NULL)
    gtk_accessible_update_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                    gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (widget)), NULL, -1);
  else if (GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_DROP_DOWN (parent))
    gtk_accessible_update_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY, parent, NULL, -1);
  else if (GTK_IS_SEARCH_ENTRY (widget))
    {
      g_autofree char *placeholder = NULL;

      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      gtk_accessible_update_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      placeholder != NULL && *placeholder != '\0' ? placeholder : _("Search"), -1);
    }
  else if (is_mute (gtk_accessible_get_accessible_role (accessible)))
    gtk_accessible_update_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
}

static void
name_with_page (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  name_piece (GTK_ACCESSIBLE (widget));
  if (parent != NULL && GTK_IS_STACK (parent))
    name_piece (GTK_ACCESSIBLE (gtk_stack_get_page (GTK_STACK (parent), widget)));
}

static void
name_tree (GtkWidget *widget)
{
  name_with_page (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    name_tree (child);
}

/* A window, as it shows, for all it holds, even its pages not on show;
 * any other widget as it shows, for what is built later. */
static gboolean
on_map_hook (GSignalInvocationHint *hint,
             guint                  n_values,
             const GValue          *values,
             gpointer               data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  if (GTK_IS_ROOT (widget))
    name_tree (widget);
  else
    name_with_page (widget);
  return TRUE;
}

/**
 * moisson_accessible_init:
 *
 * From now on, names every widget as it shows that GTK would otherwise
 * name by its type.
 */
void
moisson_accessible_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      /* Kept for good: the signal is looked up in the class. */
      g_type_class_ref (GTK_TYPE_WIDGET);
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, on_map_hook, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}
