/* moisson-keyboard.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-keyboard.h"

/* GtkListBox and GtkListView of GTK 4.8 take Tab as Down: a list of 101
 * départements or 42 initiatives would be as many stops before the next
 * area. With this, Tab and Shift+Tab leave the list in one step and the
 * arrow keys move inside it. */

static gboolean
on_key_pressed_cb (GtkWidget             *list,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   GtkEventControllerKey *controller)
{
  GtkDirectionType direction;
  GtkRoot *root = gtk_widget_get_root (list);
  gboolean moved;

  if (keyval == GDK_KEY_ISO_Left_Tab || ((keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab) && (state & GDK_SHIFT_MASK)))
    direction = GTK_DIR_TAB_BACKWARD;
  else if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = GTK_DIR_TAB_FORWARD;
  else
    return GDK_EVENT_PROPAGATE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) || root == NULL)
    return GDK_EVENT_PROPAGATE;

  /* Unfocusable for a moment, the list is skipped as a whole. */
  gtk_widget_set_can_focus (list, FALSE);
  moved = gtk_widget_child_focus (GTK_WIDGET (root), direction);
  gtk_widget_set_can_focus (list, TRUE);
  return moved ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
}

/**
 * moisson_keyboard_tab_leaves:
 * @list: a GtkListBox or GtkListView
 *
 * Makes Tab and Shift+Tab leave @list at once, from any of its rows.
 */
void
moisson_keyboard_tab_leaves (GtkWidget *list)
{
  GtkEventController *keys;

  g_return_if_fail (GTK_IS_WIDGET (list));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), list);
  gtk_widget_add_controller (list, keys);
}
