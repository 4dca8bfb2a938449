/* moisson-map-view-keyboard.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-map-view-private.h"

#include <glib/gi18n.h>

/* Keyboard and screen readers. The arrow keys move a keyboard cursor, the
 * current département, from one département to its nearest neighbour in
 * that direction (insets included); Enter chooses it as a click does. The
 * map's accessible label names it with its count, so a screen reader reads
 * "Drôme, 3 initiatives" at each move. Ctrl+arrows pan. */

/* The name of the département a commune of @code counts in; %NULL for
 * a département. */
const char *
_moisson_map_view_get_counted_name (const char *code)
{
  const char *counted = moisson_insee_get_counted_code (code);

  return g_strcmp0 (counted, code) != 0 ? moisson_insee_get_departement_name (counted) : NULL;
}

/**
 * moisson_map_view_dup_accessible_name:
 *
 * Returns: (transfer full): "Drôme, 3 initiatives", with the count after
 *   the filters, "Valence, Drôme: 3 initiatives" for a commune, or the
 *   name alone when no feed is shown
 */
char *
moisson_map_view_dup_accessible_name (MoissonMapView     *self,
                                      MoissonDepartement *departement)
{
  const char *code, *counted_name;
  guint count;

  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), NULL);
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT (departement), NULL);

  if (self->counts == NULL)
    return g_strdup (moisson_departement_get_name (departement));
  code = moisson_departement_get_code (departement);
  count = moisson_map_view_get_count (self, code);
  /* A commune: the count is that of its département, which says so. */
  counted_name = _moisson_map_view_get_counted_name (code);
  if (counted_name != NULL)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %s: %u initiative", "%s, %s: %u initiatives", count),
                            moisson_departement_get_name (departement), counted_name, count);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u initiative", "%s, %u initiatives", count),
                          moisson_departement_get_name (departement), count);
}

void
_moisson_map_view_update_accessible (MoissonMapView *self)
{
  g_autofree char *label = NULL;

  if (self->current != NULL)
    {
      g_autofree char *name = moisson_map_view_dup_accessible_name (self, self->current);

      label = g_strdup_printf (_("Map of the départements: %s"), name);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label ? label : _("Map of the départements"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Arrow keys move between départements, Enter shows the initiatives of one, "
                                    "Ctrl+arrows move the map, + and − zoom."),
                                  -1);
}

/* Moves the map when the département is out of view or near an edge. */
static void
bring_into_view (MoissonMapView     *self,
                 MoissonDepartement *departement)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  const MoissonBBox *bbox = moisson_departement_get_bbox (departement);
  double x = (bbox->min_x + bbox->max_x) / 2.0, y = (bbox->min_y + bbox->max_y) / 2.0;
  double sx, sy;

  if (width <= 1 || height <= 1)
    return;
  if (self->current_in_zoom)
    moisson_atlas_zoom_point (self->atlas, x, y, &x, &y);
  moisson_viewport_world_to_screen (self->viewport, x, y, &sx, &sy);
  if (sx >= width * 0.1 && sx <= width * 0.9 && sy >= height * 0.1 && sy <= height * 0.9)
    return;
  self->fitted = FALSE;
  moisson_viewport_pan (self->viewport, width / 2.0 - sx, height / 2.0 - sy);
}

/* The current département without moving the map: a click or a saved view
 * chose where the map is. */
void
_moisson_map_view_follow_selection (MoissonMapView     *self,
                                    MoissonDepartement *departement)
{
  if (!g_set_object (&self->current, departement))
    return;
  /* A département chosen elsewhere is on the mainland until a click or
   * the arrows say otherwise. */
  self->current_in_zoom = FALSE;
  _moisson_map_view_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _moisson_map_view_notify_current (self);
}

/**
 * moisson_map_view_set_current:
 * @departement: (nullable): where the keyboard goes on the map
 *
 * Lights it up as the pointer would, outlines it while the map has the
 * focus, and names it to screen readers. A selection moves it too.
 */
void
moisson_map_view_set_current (MoissonMapView     *self,
                              MoissonDepartement *departement)
{
  g_return_if_fail (MOISSON_IS_MAP_VIEW (self));
  g_return_if_fail (departement == NULL || MOISSON_IS_DEPARTEMENT (departement));

  if (departement != NULL && departement != self->current)
    {
      self->current_in_zoom = FALSE;
      bring_into_view (self, departement);
    }
  _moisson_map_view_follow_selection (self, departement);
}

MoissonDepartement *
moisson_map_view_get_current (MoissonMapView *self)
{
  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), NULL);

  return self->current;
}

/* Where the keyboard starts: the selection, or what lies at the centre. */
static MoissonDepartement *
starting_point (MoissonMapView *self)
{
  double x, y;

  if (self->current != NULL)
    return self->current;
  if (self->selected != NULL)
    return self->selected;
  moisson_viewport_get_center (self->viewport, &x, &y);
  return moisson_atlas_find_nearest (self->atlas, x, y);
}

static void
on_focus_enter_cb (MoissonMapView *self)
{
  if (self->atlas != NULL && self->current == NULL)
    moisson_map_view_set_current (self, starting_point (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MoissonMapView *self = MOISSON_MAP_VIEW (widget);
  MoissonDepartement *from, *to;
  gboolean in_zoom = FALSE;
  double dx, dy;

  if (self->atlas == NULL)
    return;
  /* (1, 0) is east, (0, 1) north, as in the map plane. */
  g_variant_get (parameter, "(dd)", &dx, &dy);
  from = starting_point (self);
  if (from == NULL)
    return;
  to = self->current == NULL ? from
                             : moisson_atlas_find_neighbour_full (self->atlas, from, self->current_in_zoom, dx, dy, &in_zoom);
  if (to == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  /* The inset's copy is brought into view, not the mainland's. */
  self->current_in_zoom = in_zoom;
  if (to != self->current)
    bring_into_view (self, to);
  _moisson_map_view_follow_selection (self, to);
  self->current_in_zoom = in_zoom;
  _moisson_map_view_set_hovered (self, to);
  self->keyboard_hover = TRUE;
}

static void
choose_current_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MoissonMapView *self = MOISSON_MAP_VIEW (widget);

  if (self->current != NULL)
    moisson_map_view_choose (self, self->current);
}

/* Shift+Enter, as a double click: add an initiative there. */
static void
activate_current_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  MoissonMapView *self = MOISSON_MAP_VIEW (widget);

  if (self->current == NULL)
    return;
  moisson_map_view_choose (self, self->current);
  _moisson_map_view_emit_activated (self, self->current);
}

void
_moisson_map_view_class_init_keyboard (GtkWidgetClass *widget_class)
{
  static const struct { guint key; guint keypad; double dx; double dy; } arrows[] = {
    { GDK_KEY_Left, GDK_KEY_KP_Left, -1.0, 0.0 },
    { GDK_KEY_Right, GDK_KEY_KP_Right, 1.0, 0.0 },
    { GDK_KEY_Up, GDK_KEY_KP_Up, 0.0, 1.0 },
    { GDK_KEY_Down, GDK_KEY_KP_Down, 0.0, -1.0 },
  };

  gtk_widget_class_install_action (widget_class, "map.move", "(dd)", move_action);
  gtk_widget_class_install_action (widget_class, "map.choose-current", NULL, choose_current_action);
  gtk_widget_class_install_action (widget_class, "map.activate-current", NULL, activate_current_action);

  for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
    {
      /* map.pan takes screen directions: down is positive. */
      gtk_widget_class_add_binding_action (widget_class, arrows[i].key, 0, "map.move", "(dd)",
                                           arrows[i].dx, arrows[i].dy);
      gtk_widget_class_add_binding_action (widget_class, arrows[i].keypad, 0, "map.move", "(dd)",
                                           arrows[i].dx, arrows[i].dy);
      gtk_widget_class_add_binding_action (widget_class, arrows[i].key, GDK_CONTROL_MASK, "map.pan", "(dd)",
                                           arrows[i].dx, -arrows[i].dy);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "map.choose-current", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "map.choose-current", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "map.choose-current", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_SHIFT_MASK, "map.activate-current", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_SHIFT_MASK, "map.activate-current", NULL);
}

void
_moisson_map_view_init_keyboard (MoissonMapView *self)
{
  GtkEventController *controller;

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (on_focus_enter_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  _moisson_map_view_update_accessible (self);
}
