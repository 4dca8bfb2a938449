/* moisson-map-view.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-map-view.h"
#include "moisson-map-view-private.h"

#include <adwaita.h>

/* Room kept free for the zoom buttons over the map, in pixels. */
#define CONTROLS_WIDTH 56

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

void
_moisson_map_view_set_hovered (MoissonMapView     *self,
                               MoissonDepartement *departement)
{
  if (self->hovered == departement)
    return;

  g_set_object (&self->hovered, departement);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVERED]);
}

/* A double click, or Shift+Enter: add an initiative there. */
void
_moisson_map_view_emit_activated (MoissonMapView     *self,
                                  MoissonDepartement *departement)
{
  g_signal_emit (self, signals[DEPARTEMENT_ACTIVATED], 0, departement);
}

/* The keyboard's département changed (moisson-map-view-keyboard.c). */
void
_moisson_map_view_notify_current (MoissonMapView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
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
  cairo_t *cr;

  if (self->atlas == NULL || width <= 0 || height <= 0)
    return;

  state.hover_code = self->hovered ? moisson_departement_get_code (self->hovered) : NULL;
  state.selected_code = self->selected ? moisson_departement_get_code (self->selected) : NULL;
  state.dark = is_dark (self);
  state.show_labels = TRUE;
  state.counts = self->counts;
  state.pending = self->pending;
  state.highlighted = (const char * const *) self->highlighted;
  state.spread = self->spread;
  if (self->markers != NULL)
    {
      state.markers = (const MoissonMapMarker *) self->markers->data;
      state.n_markers = self->markers->len;
    }

  _moisson_map_view_append_base (self, snapshot, width, height, &state);

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

  _moisson_map_view_dispose_base (self);
  g_clear_object (&self->atlas);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->markers, g_array_unref);
  g_clear_pointer (&self->highlighted, g_strfreev);
  g_clear_object (&self->spread);
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

  _moisson_map_view_class_init_input (widget_class);
  _moisson_map_view_class_init_keyboard (widget_class);

  gtk_widget_class_set_css_name (widget_class, "moisson-map");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
moisson_map_view_init (MoissonMapView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  self->viewport = moisson_viewport_new ();
  self->fitted = TRUE;
  g_signal_connect_object (self->viewport, "changed", G_CALLBACK (on_viewport_changed_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);

  _moisson_map_view_init_base (self);
  _moisson_map_view_init_input (self);
  _moisson_map_view_init_keyboard (self);
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

  _moisson_map_view_invalidate_base (self);
  /* Codes may mean other shapes in the new file: start afresh. */
  moisson_map_view_set_selected (self, NULL);
  _moisson_map_view_follow_selection (self, NULL);
  _moisson_map_view_set_hovered (self, NULL);
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
    _moisson_map_view_follow_selection (self, departement);
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
 * @pending: (nullable): département code → how many of them await review
 * @markers: (nullable) (element-type MoissonMapMarker): located initiatives
 *
 * What the map colours and marks; the map keeps references.
 */
void
moisson_map_view_set_initiatives (MoissonMapView *self,
                                  GHashTable     *counts,
                                  GHashTable     *pending,
                                  GArray         *markers)
{
  g_return_if_fail (MOISSON_IS_MAP_VIEW (self));

  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->markers, g_array_unref);
  self->counts = counts != NULL ? g_hash_table_ref (counts) : NULL;
  self->pending = pending != NULL ? g_hash_table_ref (pending) : NULL;
  self->markers = markers != NULL ? g_array_ref (markers) : NULL;
  _moisson_map_view_invalidate_base (self);
  _moisson_map_view_update_accessible (self);
  g_signal_emit (self, signals[INITIATIVES_CHANGED], 0);
}

guint
moisson_map_view_get_count (MoissonMapView *self,
                            const char     *code)
{
  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), 0);

  if (self->counts == NULL || code == NULL)
    return 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, moisson_insee_get_counted_code (code)));
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

/* The initiative whose spread is drawn: arrows from its origin to its
 * adopters. */
void
moisson_map_view_set_spread (MoissonMapView    *self,
                             MoissonInitiative *initiative)
{
  g_return_if_fail (MOISSON_IS_MAP_VIEW (self));
  g_return_if_fail (initiative == NULL || MOISSON_IS_INITIATIVE (initiative));

  if (g_set_object (&self->spread, initiative))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

MoissonInitiative *
moisson_map_view_get_spread (MoissonMapView *self)
{
  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), NULL);

  return self->spread;
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
  state->pending = self->pending;
  state->highlighted = (const char * const *) self->highlighted;
  state->spread = self->spread;
  if (self->markers != NULL)
    {
      state->markers = (const MoissonMapMarker *) self->markers->data;
      state->n_markers = self->markers->len;
    }
}
