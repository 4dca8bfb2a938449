/* moisson-map-view-base.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-map-view-private.h"

/* The base map (sea, land, borders, labels) is drawn in a worker thread
 * into a texture, and shown moved and scaled while the view moves; it is
 * drawn again once the view rests or what it shows changes. */

/* How long the view must rest before the base map is drawn again. */
#define REFRESH_DELAY_MS 120

typedef struct
{
  MoissonAtlas *atlas;
  MoissonViewport *viewport;   /* a copy: the widget's moves on meanwhile */
  GHashTable *counts;
  GHashTable *pending;
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
  g_clear_pointer (&job->pending, g_hash_table_unref);
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
    .pending = job->pending,
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
  job->pending = self->pending != NULL ? g_hash_table_ref (self->pending) : NULL;
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

static gboolean
refresh_base_cb (gpointer data)
{
  MoissonMapView *self = data;

  self->refresh_base_source = 0;
  self->base_stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
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

/* What the base shows changed: draw it again, and throw away a drawing
 * under way. The old base stays on screen until the new one is ready. */
void
_moisson_map_view_invalidate_base (MoissonMapView *self)
{
  self->base_generation++;
  self->base_stale = TRUE;
  g_clear_handle_id (&self->refresh_base_source, g_source_remove);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Starts a drawing of the base when it is missing or out of date, and
 * draws the one there is meanwhile. */
void
_moisson_map_view_append_base (MoissonMapView        *self,
                               GtkSnapshot           *snapshot,
                               int                    width,
                               int                    height,
                               const MoissonMapState *state)
{
  int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  if (self->base_texture == NULL || self->base_width != width || self->base_height != height ||
      self->base_scale_factor != scale_factor || self->base_dark != state->dark)
    self->base_stale = TRUE;
  /* One drawing at a time; the next starts when it is done if the view
   * or the data changed meanwhile. */
  if (self->base_stale && !self->base_rendering)
    start_base_render (self, width, height, scale_factor, state->dark);
  append_base (self, snapshot, width, height, state);
}

void
_moisson_map_view_init_base (MoissonMapView *self)
{
  self->base_cancellable = g_cancellable_new ();
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (_moisson_map_view_invalidate_base), NULL);
}

void
_moisson_map_view_dispose_base (MoissonMapView *self)
{
  g_clear_handle_id (&self->refresh_base_source, g_source_remove);
  g_cancellable_cancel (self->base_cancellable);
  g_clear_object (&self->base_cancellable);
  g_clear_object (&self->base_texture);
}

GdkTexture *
_moisson_map_view_get_base_texture (MoissonMapView *self)
{
  g_return_val_if_fail (MOISSON_IS_MAP_VIEW (self), NULL);

  return self->base_texture;
}
