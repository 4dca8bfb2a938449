/* moisson-map-view-input.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-map-view-private.h"

#include <glib/gi18n.h>
#include <math.h>

/* The pointer and gestures: hover and tooltips follow the pointer, the
 * wheel and a pinch zoom around it, a drag pans, a click selects and a
 * double click adds an initiative. The actions do the same without a
 * pointer, for the zoom buttons, the keys, assistive tools and tests. */

/* One key press or button click zooms by this much. */
#define ZOOM_STEP 1.5
/* Arrow keys move the map by this share of its visible size. */
#define PAN_STEP 0.1

static MoissonDepartement *
departement_at (MoissonMapView *self,
                double          widget_x,
                double          widget_y)
{
  double x, y;

  if (self->atlas == NULL)
    return NULL;
  moisson_viewport_screen_to_world (self->viewport, widget_x, widget_y, &x, &y);
  /* As drawn: the zoom inset's copies of Paris and the petite couronne too. */
  return moisson_atlas_pick (self->atlas, x, y, NULL);
}

/* Selects what lies at a point as a click does; the arrow keys then go on
 * from the copy clicked, in the zoom inset or on the mainland. */
static void
choose_at (MoissonMapView *self,
           double          widget_x,
           double          widget_y)
{
  MoissonDepartement *departement = NULL;
  gboolean in_zoom = FALSE;
  double x, y;

  if (self->atlas != NULL)
    {
      moisson_viewport_screen_to_world (self->viewport, widget_x, widget_y, &x, &y);
      departement = moisson_atlas_pick (self->atlas, x, y, &in_zoom);
    }
  moisson_map_view_choose (self, departement);
  if (departement != NULL && self->current == departement)
    self->current_in_zoom = in_zoom;
}

static void
zoom_by (MoissonMapView *self,
         double          factor,
         double          widget_x,
         double          widget_y)
{
  self->fitted = FALSE;
  moisson_viewport_zoom_at (self->viewport, factor, widget_x, widget_y);
}

static void
on_motion_cb (MoissonMapView           *self,
              double                    x,
              double                    y,
              GtkEventControllerMotion *controller)
{
  /* The keyboard's département stays lit until the pointer really moves:
   * GTK repeats the last motion when the widget redraws, and a first
   * motion tells nothing of a move. */
  if (self->keyboard_hover)
    {
      gboolean moved = self->has_pointer && (x != self->pointer_x || y != self->pointer_y);

      self->pointer_x = x;
      self->pointer_y = y;
      self->has_pointer = TRUE;
      if (!moved)
        return;
      self->keyboard_hover = FALSE;
    }
  self->pointer_x = x;
  self->pointer_y = y;
  self->has_pointer = TRUE;
  _moisson_map_view_set_hovered (self, departement_at (self, x, y));
}

static void
on_leave_cb (MoissonMapView           *self,
             GtkEventControllerMotion *controller)
{
  self->has_pointer = FALSE;
  if (self->keyboard_hover)
    return;
  _moisson_map_view_set_hovered (self, NULL);
}

static gboolean
on_scroll_cb (MoissonMapView           *self,
              double                    dx,
              double                    dy,
              GtkEventControllerScroll *controller)
{
  zoom_by (self, pow (1.25, -dy), self->pointer_x, self->pointer_y);
  return GDK_EVENT_STOP;
}

static void
on_drag_begin_cb (MoissonMapView *self,
                  double          start_x,
                  double          start_y,
                  GtkGestureDrag *gesture)
{
  self->drag_last_x = 0;
  self->drag_last_y = 0;
  self->dragged = FALSE;
}

static void
on_drag_update_cb (MoissonMapView *self,
                   double          offset_x,
                   double          offset_y,
                   GtkGestureDrag *gesture)
{
  double dx = offset_x - self->drag_last_x;
  double dy = offset_y - self->drag_last_y;

  if (dx == 0 && dy == 0)
    return;
  if (!self->dragged && hypot (offset_x, offset_y) < 4.0)
    return;
  self->dragged = TRUE;
  self->drag_last_x = offset_x;
  self->drag_last_y = offset_y;
  self->fitted = FALSE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
  moisson_viewport_pan (self->viewport, dx, dy);
}

static void
on_drag_end_cb (MoissonMapView *self,
                double          offset_x,
                double          offset_y,
                GtkGestureDrag *gesture)
{
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static void
on_click_pressed_cb (MoissonMapView  *self,
                     int              n_press,
                     double           x,
                     double           y,
                     GtkGestureClick *gesture)
{
  MoissonDepartement *departement;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press != 2)
    return;

  /* A double click on a département adds an initiative there; on the sea
   * it zooms in. */
  departement = departement_at (self, x, y);
  if (departement != NULL)
    _moisson_map_view_emit_activated (self, departement);
  else
    zoom_by (self, ZOOM_STEP, x, y);
}

static void
on_click_released_cb (MoissonMapView  *self,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkGestureClick *gesture)
{
  if (n_press == 1 && !self->dragged)
    choose_at (self, x, y);
}

static void
on_pinch_begin_cb (MoissonMapView *self,
                   GdkEventSequence *sequence,
                   GtkGesture     *gesture)
{
  self->pinch_last_scale = 1.0;
}

static void
on_pinch_scale_changed_cb (MoissonMapView *self,
                           double          scale,
                           GtkGestureZoom *gesture)
{
  double cx, cy;

  if (scale <= 0.0 || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    return;
  zoom_by (self, scale / self->pinch_last_scale, cx, cy);
  self->pinch_last_scale = scale;
}

static gboolean
on_query_tooltip_cb (MoissonMapView *self,
                     int             x,
                     int             y,
                     gboolean        keyboard_mode,
                     GtkTooltip     *tooltip)
{
  MoissonDepartement *departement;
  g_autofree char *text = NULL;

  departement = keyboard_mode ? (self->current ? self->current : self->selected) : departement_at (self, x, y);
  if (departement == NULL)
    return FALSE;

  text = moisson_departement_dup_display_name (departement);
  if (self->counts != NULL)
    {
      const char *code = moisson_departement_get_code (departement);
      const char *counted_name = _moisson_map_view_get_counted_name (code);
      guint count = moisson_map_view_get_count (self, code);
      g_autofree char *with_count = NULL;

      /* A commune shows the count of its département, named. */
      if (counted_name != NULL)
        with_count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %s: %u initiative", "%s — %s: %u initiatives", count),
                                      text, counted_name, count);
      else
        with_count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %u initiative", "%s — %u initiatives", count),
                                      text, count);

      gtk_tooltip_set_text (tooltip, with_count);
    }
  else
    gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MoissonMapView *self = MOISSON_MAP_VIEW (widget);

  zoom_by (self, ZOOM_STEP, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MoissonMapView *self = MOISSON_MAP_VIEW (widget);

  zoom_by (self, 1.0 / ZOOM_STEP, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
}

static void
reset_view_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  moisson_map_view_reset_view (MOISSON_MAP_VIEW (widget));
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  MoissonMapView *self = MOISSON_MAP_VIEW (widget);
  double dx, dy;

  /* (1, 0) shows what lies east: the map itself moves west. */
  g_variant_get (parameter, "(dd)", &dx, &dy);
  self->fitted = FALSE;
  moisson_viewport_pan (self->viewport,
                        -dx * PAN_STEP * gtk_widget_get_width (widget),
                        dy * PAN_STEP * gtk_widget_get_height (widget));
}

/* Selects what lies under a widget point, exactly as a click does; lets
 * assistive tools and tests click without a pointer. */
static void
click_at_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MoissonMapView *self = MOISSON_MAP_VIEW (widget);
  double x, y;

  g_variant_get (parameter, "(dd)", &x, &y);
  choose_at (self, x, y);
}

void
_moisson_map_view_class_init_input (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "map.reset-view", NULL, reset_view_action);
  gtk_widget_class_install_action (widget_class, "map.pan", "(dd)", pan_action);
  gtk_widget_class_install_action (widget_class, "map.click-at", "(dd)", click_at_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "map.reset-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "map.reset-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "map.reset-view", NULL);
}

void
_moisson_map_view_init_input (MoissonMapView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect_swapped (widget, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (widget, controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (on_click_pressed_cb), self);
  g_signal_connect_swapped (gesture, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (gesture, "begin", G_CALLBACK (on_pinch_begin_cb), self);
  g_signal_connect_swapped (gesture, "scale-changed", G_CALLBACK (on_pinch_scale_changed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));
}
