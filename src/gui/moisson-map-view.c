/* moisson-map-view.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-map-view.h"
#include "moisson-map-view-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

/* One key press or button click zooms by this much. */
#define ZOOM_STEP 1.5
/* Arrow keys move the map by this share of its visible size. */
#define PAN_STEP 0.1

struct _MoissonMapView
{
  GtkWidget parent_instance;

  MoissonAtlas *atlas;
  MoissonViewport *viewport;
  MoissonDepartement *selected;
  MoissonDepartement *hovered;
  /* Where the keyboard is: moved by the arrow keys, chosen with Enter. */
  MoissonDepartement *current;
  /* The hovered département is the keyboard's, until the pointer moves. */
  gboolean keyboard_hover;
  gboolean has_pointer;
  GHashTable *counts;
  GArray *markers;
  GStrv highlighted;

  /* TRUE until the user zooms or pans: resizing then refits the map. */
  gboolean fitted;
  /* A saved view waiting for the widget to have a size. */
  gboolean has_pending_place;
  double pending_x;
  double pending_y;
  double pending_zoom;
  double pointer_x;
  double pointer_y;
  double drag_last_x;
  double drag_last_y;
  /* A press that moved the map is a drag, not a click that selects. */
  gboolean dragged;
  double pinch_last_scale;

  /* The base map (sea, land, borders, labels) as last drawn. While the view
   * moves, it is shown moved and scaled, and drawn again once the view rests:
   * panning costs a texture draw, not a full render. */
  GdkTexture *base_texture;
  double base_center_x;
  double base_center_y;
  double base_scale;
  int base_width;
  int base_height;
  int base_scale_factor;
  gboolean base_dark;
  guint refresh_base_source;
  /* The base is drawn in a worker thread: a large file takes longer than a
   * frame to draw, and the window must keep answering meanwhile. */
  GCancellable *base_cancellable;
  gboolean base_rendering;
  /* Bumped whenever what the base shows changes (data, not the view): a
   * drawing started before is thrown away. */
  guint base_generation;
  gboolean base_stale;
};

/* Room kept free for the zoom buttons over the map, in pixels. */
#define CONTROLS_WIDTH 56

/* How long the view must rest before the base map is drawn again. */
#define REFRESH_DELAY_MS 120

G_DEFINE_FINAL_TYPE (MoissonMapView, moisson_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ATLAS,
  PROP_VIEWPORT,
  PROP_SELECTED,
  PROP_HOVERED,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DEPARTEMENT_ACTIVATED,
  DEPARTEMENT_CLICKED,
  INITIATIVES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static double
fit_margin (MoissonMapView *self)
{
  return MIN (gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self))) * 0.03;
}

static MoissonDepartement *
departement_at (MoissonMapView *self,
                double          widget_x,
                double          widget_y)
{
  double x, y;

  if (self->atlas == NULL)
    return NULL;
  moisson_viewport_screen_to_world (self->viewport, widget_x, widget_y, &x, &y);
  return moisson_atlas_find_at (self->atlas, x, y);
}

static void
set_hovered (MoissonMapView     *self,
             MoissonDepartement *departement)
{
  if (self->hovered == departement)
    return;

  g_set_object (&self->hovered, departement);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVERED]);
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

static gboolean
is_dark (MoissonMapView *self)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
on_viewport_changed_cb (MoissonMapView  *self,
                        MoissonViewport *viewport)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* What the base shows changed: draw it again, and throw away a drawing
 * under way. The old base stays on screen until the new one is ready. */
static void
invalidate_base (MoissonMapView *self)
{
  self->base_generation++;
  self->base_stale = TRUE;
  g_clear_handle_id (&self->refresh_base_source, g_source_remove);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
refresh_base_cb (gpointer data)
{
  MoissonMapView *self = data;

  self->refresh_base_source = 0;
  self->base_stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

typedef struct
{
  MoissonAtlas *atlas;
  MoissonViewport *viewport;   /* a copy: the widget's moves on meanwhile */
  GHashTable *counts;
  GArray *markers;
  gboolean dark;
  int width;
  int height;
  int scale_factor;
  guint generation;
  GdkTexture *texture;         /* the result */
} BaseJob;

static void
base_job_free (BaseJob *job)
{
  g_clear_object (&job->atlas);
  g_clear_object (&job->viewport);
  g_clear_pointer (&job->counts, g_hash_table_unref);
  g_clear_pointer (&job->markers, g_array_unref);
  g_clear_object (&job->texture);
  g_free (job);
}

static void
render_base_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  BaseJob *job = task_data;
  MoissonMapState state = {
    .dark = job->dark,
    .show_labels = TRUE,
    .counts = job->counts,
    .markers = job->markers != NULL ? (const MoissonMapMarker *) job->markers->data : NULL,
    .n_markers = job->markers != NULL ? job->markers->len : 0,
  };
  cairo_surface_t *surface;
  g_autoptr(GBytes) bytes = NULL;
  int stride;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width * job->scale_factor,
                                        job->height * job->scale_factor);
  cairo_surface_set_device_scale (surface, job->scale_factor, job->scale_factor);
  moisson_map_render_base_image (surface, job->atlas, job->viewport, &state);
  cairo_surface_flush (surface);

  /* The texture takes the pixels over: no copy. */
  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * job->height * job->scale_factor,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  job->texture = gdk_memory_texture_new (job->width * job->scale_factor, job->height * job->scale_factor,
                                         GDK_MEMORY_DEFAULT, bytes, stride);
  g_task_return_boolean (task, TRUE);
}

static void start_base_render (MoissonMapView *self, int width, int height, int scale_factor, gboolean dark);

static void
on_base_rendered_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  MoissonMapView *self = MOISSON_MAP_VIEW (source);
  BaseJob *job = g_task_get_task_data (G_TASK (result));
  double center_x, center_y;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;   /* cancelled: the widget is gone */
  self->base_rendering = FALSE;

  /* Drawn from data since replaced: only worth showing while there is
   * nothing else. */
  if (job->generation == self->base_generation || self->base_texture == NULL)
    {
      g_set_object (&self->base_texture, job->texture);
      moisson_viewport_get_center (job->viewport, &center_x, &center_y);
      self->base_center_x = center_x;
      self->base_center_y = center_y;
      self->base_scale = moisson_viewport_get_scale (job->viewport);
      self->base_width = job->width;
      self->base_height = job->height;
      self->base_scale_factor = job->scale_factor;
      self->base_dark = job->dark;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
start_base_render (MoissonMapView *self,
                   int             width,
                   int             height,
                   int             scale_factor,
                   gboolean        dark)
{
  g_autoptr(GTask) task = NULL;
  BaseJob *job = g_new0 (BaseJob, 1);
  double center_x, center_y;

  job->atlas = g_object_ref (self->atlas);
  job->viewport = moisson_viewport_new ();
  moisson_viewport_set_size (job->viewport, moisson_viewport_get_width (self->viewport),
                             moisson_viewport_get_height (self->viewport));
  moisson_viewport_get_center (self->viewport, &center_x, &center_y);
  moisson_viewport_set_view (job->viewport, center_x, center_y, moisson_viewport_get_scale (self->viewport));
  job->counts = self->counts != NULL ? g_hash_table_ref (self->counts) : NULL;
  job->markers = self->markers != NULL ? g_array_ref (self->markers) : NULL;
  job->dark = dark;
  job->width = width;
  job->height = height;
  job->scale_factor = scale_factor;
  job->generation = self->base_generation;

  self->base_rendering = TRUE;
  self->base_stale = FALSE;
  task = g_task_new (self, self->base_cancellable, on_base_rendered_cb, NULL);
  g_task_set_source_tag (task, start_base_render);
  g_task_set_task_data (task, job, (GDestroyNotify) base_job_free);
  g_task_run_in_thread (task, render_base_thread);
}

/* Draws the cached base where the current view puts it. */
static void
append_base (MoissonMapView        *self,
             GtkSnapshot           *snapshot,
             int                    width,
             int                    height,
             const MoissonMapState *state)
{
  double center_x, center_y, scale, k;
  const MoissonMapPalette *palette = moisson_map_palette_get (state->dark);
  GdkRGBA sea = {
    ((palette->sea >> 16) & 0xff) / 255.0, ((palette->sea >> 8) & 0xff) / 255.0, (palette->sea & 0xff) / 255.0, 1.0
  };

  moisson_viewport_get_center (self->viewport, &center_x, &center_y);
  scale = moisson_viewport_get_scale (self->viewport);

  if (self->base_texture == NULL)
    {
      gtk_snapshot_append_color (snapshot, &sea, &GRAPHENE_RECT_INIT (0, 0, width, height));
      return;
    }
  if (center_x == self->base_center_x && center_y == self->base_center_y && scale == self->base_scale &&
      width == self->base_width && height == self->base_height)
    {
      gtk_snapshot_append_texture (snapshot, self->base_texture, &GRAPHENE_RECT_INIT (0, 0, width, height));
      return;
    }

  /* A plane point at old screen s goes to W/2 + (c0 - c) / scale + (s - W0/2) · k. */
  k = self->base_scale / scale;
  gtk_snapshot_append_color (snapshot, &sea, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width / 2.0 + (self->base_center_x - center_x) / scale,
                                                          height / 2.0 - (self->base_center_y - center_y) / scale));
  gtk_snapshot_scale (snapshot, k, k);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-self->base_width / 2.0, -self->base_height / 2.0));
  gtk_snapshot_append_texture (snapshot, self->base_texture,
                               &GRAPHENE_RECT_INIT (0, 0, self->base_width, self->base_height));
  gtk_snapshot_restore (snapshot);

  g_clear_handle_id (&self->refresh_base_source, g_source_remove);
  self->refresh_base_source = g_timeout_add (REFRESH_DELAY_MS, refresh_base_cb, self);
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
  set_hovered (self, departement_at (self, x, y));
}

static void
on_leave_cb (MoissonMapView           *self,
             GtkEventControllerMotion *controller)
{
  self->has_pointer = FALSE;
  if (self->keyboard_hover)
    return;
  set_hovered (self, NULL);
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
    g_signal_emit (self, signals[DEPARTEMENT_ACTIVATED], 0, departement);
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
    {
      MoissonDepartement *departement = departement_at (self, x, y);

      moisson_map_view_set_selected (self, departement);
      g_signal_emit (self, signals[DEPARTEMENT_CLICKED], 0, departement);
    }
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
      guint count = moisson_map_view_get_count (self, moisson_departement_get_code (departement));
      g_autofree char *with_count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %u initiative", "%s — %u initiatives", count),
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
  moisson_map_view_set_selected (self, departement_at (self, x, y));
  g_signal_emit (self, signals[DEPARTEMENT_CLICKED], 0, departement_at (self, x, y));
}

/* Keyboard and screen readers. The arrow keys move a keyboard cursor, the
 * current département, from one département to its nearest neighbour in
 * that direction (insets included); Enter chooses it as a click does. The
 * map's accessible label names it with its count, so a screen reader reads
 * "Drôme, 3 initiatives" at each move. Ctrl+arrows pan. */

/**
 * moisson_map_view_dup_accessible_name:
 *
 * Returns: (transfer full): "Drôme, 3 initiatives", with the count after
 *   the filters, or the name alone when no feed is shown
 */
char *
moisson_map_view_dup_accessible_name (MoissonMapView     *self,
                                      MoissonDepartement *departement)
{
  guint count;

  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), NULL);
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT (departement), NULL);

  if (self->counts == NULL)
    return g_strdup (moisson_departement_get_name (departement));
  count = moisson_map_view_get_count (self, moisson_departement_get_code (departement));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u initiative", "%s, %u initiatives", count),
                          moisson_departement_get_name (departement), count);
}

static void
update_accessible (MoissonMapView *self)
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
  moisson_viewport_world_to_screen (self->viewport, x, y, &sx, &sy);
  if (sx >= width * 0.1 && sx <= width * 0.9 && sy >= height * 0.1 && sy <= height * 0.9)
    return;
  self->fitted = FALSE;
  moisson_viewport_pan (self->viewport, width / 2.0 - sx, height / 2.0 - sy);
}

/* The current département without moving the map: a click or a saved view
 * chose where the map is. */
static void
follow_selection (MoissonMapView     *self,
                  MoissonDepartement *departement)
{
  if (!g_set_object (&self->current, departement))
    return;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
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
    bring_into_view (self, departement);
  follow_selection (self, departement);
}

MoissonDepartement *
moisson_map_view_get_current (MoissonMapView *self)
{
  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), NULL);

  return self->current;
}

/**
 * moisson_map_view_choose:
 * @departement: (nullable): %NULL clears the selection
 *
 * Selects as a click does: the side panel lists its initiatives, and a
 * contribution form open takes it or leaves it.
 */
void
moisson_map_view_choose (MoissonMapView     *self,
                         MoissonDepartement *departement)
{
  g_return_if_fail (MOISSON_IS_MAP_VIEW (self));

  moisson_map_view_set_selected (self, departement);
  g_signal_emit (self, signals[DEPARTEMENT_CLICKED], 0, departement);
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
  double dx, dy;

  if (self->atlas == NULL)
    return;
  /* (1, 0) is east, (0, 1) north, as in the map plane. */
  g_variant_get (parameter, "(dd)", &dx, &dy);
  from = starting_point (self);
  if (from == NULL)
    return;
  to = self->current == NULL ? from : moisson_atlas_find_neighbour (self->atlas, from, dx, dy);
  if (to == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  moisson_map_view_set_current (self, to);
  set_hovered (self, to);
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
  g_signal_emit (self, signals[DEPARTEMENT_ACTIVATED], 0, self->current);
}

static void
install_keyboard_navigation (GtkWidgetClass *widget_class)
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

static void
moisson_map_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  MoissonMapView *self = MOISSON_MAP_VIEW (widget);
  double old_w = moisson_viewport_get_width (self->viewport);
  double old_h = moisson_viewport_get_height (self->viewport);
  double cx, cy;

  moisson_viewport_get_center (self->viewport, &cx, &cy);
  moisson_viewport_set_size (self->viewport, width, height);
  if (self->atlas == NULL)
    return;
  moisson_viewport_set_limits (self->viewport, moisson_atlas_get_bounds (self->atlas));

  if (self->has_pending_place)
    {
      self->has_pending_place = FALSE;
      self->fitted = FALSE;
      moisson_viewport_set_center_zoom (self->viewport, self->pending_x, self->pending_y, self->pending_zoom);
    }
  else if (self->fitted)
    moisson_map_view_reset_view (self);
  else if (old_w > 1 && old_h > 1)
    {
      /* Keep the same part of the map in view, at the same size relative
       * to the window. */
      double ratio = MIN (old_w / width, old_h / height);

      moisson_viewport_set_view (self->viewport, cx, cy, moisson_viewport_get_scale (self->viewport) * ratio);
    }
}

static void
moisson_map_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  MoissonMapView *self = MOISSON_MAP_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  MoissonMapState state = { 0 };
  int scale_factor;
  cairo_t *cr;

  if (self->atlas == NULL || width <= 0 || height <= 0)
    return;

  state.hover_code = self->hovered ? moisson_departement_get_code (self->hovered) : NULL;
  state.selected_code = self->selected ? moisson_departement_get_code (self->selected) : NULL;
  state.dark = is_dark (self);
  state.show_labels = TRUE;
  state.counts = self->counts;
  state.highlighted = (const char * const *) self->highlighted;
  if (self->markers != NULL)
    {
      state.markers = (const MoissonMapMarker *) self->markers->data;
      state.n_markers = self->markers->len;
    }

  scale_factor = gtk_widget_get_scale_factor (widget);
  if (self->base_texture == NULL || self->base_width != width || self->base_height != height ||
      self->base_scale_factor != scale_factor || self->base_dark != state.dark)
    self->base_stale = TRUE;
  /* One drawing at a time; the next starts when it is done if the view
   * or the data changed meanwhile. */
  if (self->base_stale && !self->base_rendering)
    start_base_render (self, width, height, scale_factor, state.dark);
  append_base (self, snapshot, width, height, &state);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  moisson_map_render_overlay (cr, self->atlas, self->viewport, &state);
  if (self->current != NULL && gtk_widget_has_focus (widget))
    moisson_map_render_focus (cr, self->atlas, self->viewport, &state, self->current);
  cairo_destroy (cr);

  if (gtk_widget_has_visible_focus (widget))
    {
      GdkRGBA focus;

      gtk_style_context_get_color (gtk_widget_get_style_context (widget), &focus);
      focus.alpha = 0.7;
      gtk_snapshot_append_border (snapshot,
                                  &GSK_ROUNDED_RECT_INIT (0, 0, width, height),
                                  (float[4]) { 3, 3, 3, 3 },
                                  (GdkRGBA[4]) { focus, focus, focus, focus });
    }
}

static void
moisson_map_view_dispose (GObject *object)
{
  MoissonMapView *self = (MoissonMapView *) object;

  g_clear_handle_id (&self->refresh_base_source, g_source_remove);
  g_cancellable_cancel (self->base_cancellable);
  g_clear_object (&self->base_cancellable);
  g_clear_object (&self->base_texture);
  g_clear_object (&self->atlas);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->markers, g_array_unref);
  g_clear_pointer (&self->highlighted, g_strfreev);
  g_clear_object (&self->selected);
  g_clear_object (&self->hovered);
  g_clear_object (&self->current);
  if (self->viewport != NULL)
    g_signal_handlers_disconnect_by_data (self->viewport, self);
  g_clear_object (&self->viewport);

  G_OBJECT_CLASS (moisson_map_view_parent_class)->dispose (object);
}

static void
moisson_map_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MoissonMapView *self = MOISSON_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_ATLAS:
      g_value_set_object (value, self->atlas);
      break;
    case PROP_VIEWPORT:
      g_value_set_object (value, self->viewport);
      break;
    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;
    case PROP_HOVERED:
      g_value_set_object (value, self->hovered);
      break;
    case PROP_CURRENT:
      g_value_set_object (value, self->current);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moisson_map_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MoissonMapView *self = MOISSON_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_ATLAS:
      moisson_map_view_set_atlas (self, g_value_get_object (value));
      break;
    case PROP_SELECTED:
      moisson_map_view_set_selected (self, g_value_get_object (value));
      break;
    case PROP_CURRENT:
      moisson_map_view_set_current (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moisson_map_view_class_init (MoissonMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_map_view_dispose;
  object_class->get_property = moisson_map_view_get_property;
  object_class->set_property = moisson_map_view_set_property;

  widget_class->snapshot = moisson_map_view_snapshot;
  widget_class->size_allocate = moisson_map_view_size_allocate;

  properties[PROP_ATLAS] =
    g_param_spec_object ("atlas", NULL, NULL, MOISSON_TYPE_ATLAS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEWPORT] =
    g_param_spec_object ("viewport", NULL, NULL, MOISSON_TYPE_VIEWPORT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, MOISSON_TYPE_DEPARTEMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOVERED] =
    g_param_spec_object ("hovered", NULL, NULL, MOISSON_TYPE_DEPARTEMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] =
    g_param_spec_object ("current", NULL, NULL, MOISSON_TYPE_DEPARTEMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MoissonMapView::departement-activated:
   * @departement: the département double-clicked
   */
  signals[DEPARTEMENT_ACTIVATED] =
    g_signal_new ("departement-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MOISSON_TYPE_DEPARTEMENT);
  /**
   * MoissonMapView::departement-clicked:
   * @departement: (nullable): what was clicked, %NULL for the sea
   */
  signals[DEPARTEMENT_CLICKED] =
    g_signal_new ("departement-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MOISSON_TYPE_DEPARTEMENT);
  /**
   * MoissonMapView::initiatives-changed:
   *
   * The counts changed: what each département holds, after the filters.
   */
  signals[INITIATIVES_CHANGED] =
    g_signal_new ("initiatives-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

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
  install_keyboard_navigation (widget_class);

  gtk_widget_class_set_css_name (widget_class, "moisson-map");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
moisson_map_view_init (MoissonMapView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->viewport = moisson_viewport_new ();
  self->fitted = TRUE;
  self->base_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->viewport, "changed", G_CALLBACK (on_viewport_changed_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
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

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (on_focus_enter_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (widget, controller);
  g_signal_connect (widget, "notify::scale-factor", G_CALLBACK (invalidate_base), NULL);
  update_accessible (self);
}

GtkWidget *
moisson_map_view_new (void)
{
  return g_object_new (MOISSON_TYPE_MAP_VIEW, NULL);
}

MoissonAtlas *
moisson_map_view_get_atlas (MoissonMapView *self)
{
  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), NULL);

  return self->atlas;
}

void
moisson_map_view_set_atlas (MoissonMapView *self,
                            MoissonAtlas   *atlas)
{
  g_return_if_fail (MOISSON_IS_MAP_VIEW (self));
  g_return_if_fail (atlas == NULL || MOISSON_IS_ATLAS (atlas));

  if (!g_set_object (&self->atlas, atlas))
    return;

  invalidate_base (self);
  /* Codes may mean other shapes in the new file: start afresh. */
  moisson_map_view_set_selected (self, NULL);
  follow_selection (self, NULL);
  set_hovered (self, NULL);
  self->keyboard_hover = FALSE;
  if (atlas != NULL)
    moisson_viewport_set_limits (self->viewport, moisson_atlas_get_bounds (atlas));
  moisson_map_view_reset_view (self);
  if (self->has_pending_place)
    gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATLAS]);
}

MoissonViewport *
moisson_map_view_get_viewport (MoissonMapView *self)
{
  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), NULL);

  return self->viewport;
}

MoissonDepartement *
moisson_map_view_get_selected (MoissonMapView *self)
{
  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), NULL);

  return self->selected;
}

void
moisson_map_view_set_selected (MoissonMapView     *self,
                               MoissonDepartement *departement)
{
  g_return_if_fail (MOISSON_IS_MAP_VIEW (self));
  g_return_if_fail (departement == NULL || MOISSON_IS_DEPARTEMENT (departement));

  if (!g_set_object (&self->selected, departement))
    return;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  if (departement != NULL)
    follow_selection (self, departement);
}

MoissonDepartement *
moisson_map_view_get_hovered (MoissonMapView *self)
{
  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), NULL);

  return self->hovered;
}

/* Selects a département and brings it into view, zoomed to fill about
 * half of the map. */
void
moisson_map_view_show_departement (MoissonMapView     *self,
                                   MoissonDepartement *departement)
{
  const MoissonBBox *bbox;
  MoissonBBox padded;
  double pad_x, pad_y;

  g_return_if_fail (MOISSON_IS_MAP_VIEW (self));
  g_return_if_fail (MOISSON_IS_DEPARTEMENT (departement));

  moisson_map_view_set_selected (self, departement);

  bbox = moisson_departement_get_bbox (departement);
  pad_x = moisson_bbox_get_width (bbox) * 0.6;
  pad_y = moisson_bbox_get_height (bbox) * 0.6;
  padded = (MoissonBBox) { bbox->min_x - pad_x, bbox->min_y - pad_y, bbox->max_x + pad_x, bbox->max_y + pad_y };
  self->fitted = FALSE;
  moisson_viewport_fit (self->viewport, &padded, 0);
}

void
moisson_map_view_reset_view (MoissonMapView *self)
{
  MoissonBBox bounds;

  g_return_if_fail (MOISSON_IS_MAP_VIEW (self));

  self->fitted = TRUE;
  if (self->atlas == NULL)
    return;

  /* Leave the bottom-right corner to the zoom buttons: fit once, then
   * again with room for them. */
  bounds = *moisson_atlas_get_bounds (self->atlas);
  moisson_viewport_fit (self->viewport, &bounds, fit_margin (self));
  bounds.max_x += CONTROLS_WIDTH * moisson_viewport_get_scale (self->viewport);
  moisson_viewport_fit (self->viewport, &bounds, fit_margin (self));
}

/**
 * moisson_map_view_set_initiatives:
 * @counts: (nullable): département code → number of initiatives
 * @markers: (nullable) (element-type MoissonMapMarker): located initiatives
 *
 * What the map colours and marks; the map keeps references.
 */
void
moisson_map_view_set_initiatives (MoissonMapView *self,
                                  GHashTable     *counts,
                                  GArray         *markers)
{
  g_return_if_fail (MOISSON_IS_MAP_VIEW (self));

  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->markers, g_array_unref);
  self->counts = counts != NULL ? g_hash_table_ref (counts) : NULL;
  self->markers = markers != NULL ? g_array_ref (markers) : NULL;
  invalidate_base (self);
  update_accessible (self);
  g_signal_emit (self, signals[INITIATIVES_CHANGED], 0);
}

guint
moisson_map_view_get_count (MoissonMapView *self,
                            const char     *code)
{
  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), 0);

  if (self->counts == NULL || code == NULL)
    return 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, code));
}

/* Départements to outline, such as those of the initiative on show. */
void
moisson_map_view_set_highlighted (MoissonMapView     *self,
                                  const char * const *codes)
{
  g_return_if_fail (MOISSON_IS_MAP_VIEW (self));

  g_clear_pointer (&self->highlighted, g_strfreev);
  self->highlighted = g_strdupv ((char **) codes);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char * const *
moisson_map_view_get_highlighted (MoissonMapView *self)
{
  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), NULL);

  return (const char * const *) self->highlighted;
}

/**
 * moisson_map_view_show_place:
 * @zoom: relative to the whole map fitted
 *
 * Shows a saved view; before the widget has a size, as soon as it has one.
 */
void
moisson_map_view_show_place (MoissonMapView *self,
                             double          x,
                             double          y,
                             double          zoom)
{
  g_return_if_fail (MOISSON_IS_MAP_VIEW (self));
  g_return_if_fail (zoom > 0);

  self->fitted = FALSE;
  if (self->atlas == NULL || gtk_widget_get_width (GTK_WIDGET (self)) <= 1)
    {
      self->has_pending_place = TRUE;
      self->pending_x = x;
      self->pending_y = y;
      self->pending_zoom = zoom;
      gtk_widget_queue_allocate (GTK_WIDGET (self));
      return;
    }
  moisson_viewport_set_center_zoom (self->viewport, x, y, zoom);
}

/* TRUE while the whole map is fitted, as opposed to a place the user chose. */
gboolean
moisson_map_view_is_fitted (MoissonMapView *self)
{
  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), TRUE);

  return self->fitted;
}

/**
 * moisson_map_view_get_state:
 * @state: (out caller-allocates): filled with borrowed pointers
 *
 * What the map shows, for a document: selection, counts, markers and
 * highlighted départements; no hover, light colours.
 */
void
moisson_map_view_get_state (MoissonMapView  *self,
                            MoissonMapState *state)
{
  g_return_if_fail (MOISSON_IS_MAP_VIEW (self));
  g_return_if_fail (state != NULL);

  *state = (MoissonMapState) { 0 };
  state->selected_code = self->selected ? moisson_departement_get_code (self->selected) : NULL;
  state->show_labels = TRUE;
  state->counts = self->counts;
  state->highlighted = (const char * const *) self->highlighted;
  if (self->markers != NULL)
    {
      state->markers = (const MoissonMapMarker *) self->markers->data;
      state->n_markers = self->markers->len;
    }
}

GdkTexture *
_moisson_map_view_get_base_texture (MoissonMapView *self)
{
  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), NULL);

  return self->base_texture;
}
