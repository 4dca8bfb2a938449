/* moisson-map-renderer.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-map-renderer.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Drawing needs no display: the widget and --export-png share this code. */

static const MoissonMapPalette light_palette = {
  .sea = 0xd6e6f2,
  .land = 0xf6f2e8,
  .border = 0x8f8779,
  .hover = 0xfbe3a0,
  .selected = 0xf0a04b,
  .selected_outline = 0x7b2d12,
  .inset_frame = 0x7f94a6,
  .label = 0x3d3a35,
  .label_halo = 0xffffff,
};

static const MoissonMapPalette dark_palette = {
  .sea = 0x1b2631,
  .land = 0x3a3a3c,
  .border = 0x8a8a8e,
  .hover = 0x6b5a2a,
  .selected = 0xc77a2a,
  .selected_outline = 0xffd7a8,
  .inset_frame = 0x6c7f90,
  .label = 0xeeeeee,
  .label_halo = 0x1e1e1e,
};

const MoissonMapPalette *
moisson_map_palette_get (gboolean dark)
{
  return dark ? &dark_palette : &light_palette;
}

static void
set_color (cairo_t *cr,
           guint32  rgb)
{
  cairo_set_source_rgb (cr,
                        ((rgb >> 16) & 0xff) / 255.0,
                        ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

/* Appends the rings of a polygon in screen space, dropping vertices that
 * fall within half a pixel of the previous one: a national view of a
 * detailed file then costs what the screen can show, not what the file has. */
static void
append_polygon (cairo_t         *cr,
                MoissonPolygon  *polygon,
                MoissonViewport *viewport)
{
  double center_x, center_y;
  double scale = moisson_viewport_get_scale (viewport);
  double half_w = moisson_viewport_get_width (viewport) / 2.0;
  double half_h = moisson_viewport_get_height (viewport) / 2.0;
  const double min_step = 0.5;

  moisson_viewport_get_center (viewport, &center_x, &center_y);

  for (guint r = 0; r < moisson_polygon_get_n_rings (polygon); r++)
    {
      guint n;
      const MoissonPoint *ring = moisson_polygon_get_ring (polygon, r, &n);
      const MoissonBBox *ring_bbox = moisson_polygon_get_ring_bbox (polygon, r);
      double last_x, last_y;

      if (n < 3)
        continue;
      /* A ring smaller than a pixel shows as nothing. */
      if (moisson_bbox_get_width (ring_bbox) < scale * min_step &&
          moisson_bbox_get_height (ring_bbox) < scale * min_step)
        continue;

      last_x = half_w + (ring[0].x - center_x) / scale;
      last_y = half_h - (ring[0].y - center_y) / scale;
      cairo_move_to (cr, last_x, last_y);
      for (guint i = 1; i < n; i++)
        {
          double sx = half_w + (ring[i].x - center_x) / scale;
          double sy = half_h - (ring[i].y - center_y) / scale;

          if (i + 1 < n && fabs (sx - last_x) < min_step && fabs (sy - last_y) < min_step)
            continue;
          cairo_line_to (cr, sx, sy);
          last_x = sx;
          last_y = sy;
        }
      cairo_close_path (cr);
    }
}

static gboolean
is_visible (MoissonDepartement *departement,
            const MoissonBBox  *visible)
{
  return moisson_bbox_intersects (moisson_departement_get_bbox (departement), visible);
}

static void
draw_background (cairo_t                 *cr,
                 MoissonViewport         *viewport,
                 const MoissonMapPalette *palette)
{
  set_color (cr, palette->sea);
  cairo_rectangle (cr, 0, 0, moisson_viewport_get_width (viewport), moisson_viewport_get_height (viewport));
  cairo_fill (cr);
}

static void
draw_insets (cairo_t                 *cr,
             MoissonAtlas            *atlas,
             MoissonViewport         *viewport,
             const MoissonMapPalette *palette)
{
  for (guint i = 0; i < moisson_atlas_get_n_insets (atlas); i++)
    {
      const MoissonBBox *frame = moisson_atlas_get_inset_frame (atlas, i);
      double x0, y0, x1, y1;
      double font_size;

      moisson_viewport_world_to_screen (viewport, frame->min_x, frame->max_y, &x0, &y0);
      moisson_viewport_world_to_screen (viewport, frame->max_x, frame->min_y, &x1, &y1);

      set_color (cr, palette->inset_frame);
      cairo_set_line_width (cr, 1.0);
      cairo_rectangle (cr, round (x0) + 0.5, round (y0) + 0.5, round (x1 - x0), round (y1 - y0));
      cairo_stroke (cr);

      font_size = CLAMP ((y1 - y0) * 0.09, 7.0, 18.0);
      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, font_size);
      set_color (cr, palette->label);
      cairo_move_to (cr, x0 + font_size * 0.4, y0 + font_size * 1.2);
      cairo_show_text (cr, moisson_atlas_get_inset_name (atlas, i));
    }
}

static void
fill_departement (cairo_t            *cr,
                  MoissonDepartement *departement,
                  MoissonViewport    *viewport,
                  guint32             color)
{
  append_polygon (cr, moisson_departement_get_polygon (departement), viewport);
  set_color (cr, color);
  cairo_fill (cr);
}

static void
draw_fills (cairo_t                 *cr,
            MoissonAtlas            *atlas,
            MoissonViewport         *viewport,
            const MoissonBBox       *visible,
            const MoissonMapPalette *palette)
{
  /* One fill per département: a single even-odd path would leave an
   * enclave empty where it sits in its neighbour's hole. */
  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    {
      MoissonDepartement *departement = moisson_atlas_get_departement (atlas, i);

      if (is_visible (departement, visible))
        fill_departement (cr, departement, viewport, palette->land);
    }
}

static double
border_width (MoissonViewport *viewport)
{
  return CLAMP (0.6 + 0.15 * log2 (MAX (moisson_viewport_get_zoom (viewport), 1.0)), 0.6, 1.5);
}

static void
draw_borders (cairo_t                 *cr,
              MoissonAtlas            *atlas,
              MoissonViewport         *viewport,
              const MoissonBBox       *visible,
              const MoissonMapPalette *palette)
{
  set_color (cr, palette->border);
  cairo_set_line_width (cr, border_width (viewport));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* One stroke per département: cairo turns a stroke into a polygon of
   * several edges per segment before filling it, so one stroke of a whole
   * commune file would hold hundreds of megabytes at once. */
  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    {
      MoissonDepartement *departement = moisson_atlas_get_departement (atlas, i);

      if (!is_visible (departement, visible))
        continue;
      append_polygon (cr, moisson_departement_get_polygon (departement), viewport);
      cairo_stroke (cr);
    }
}

static void
draw_labels (cairo_t                 *cr,
             MoissonAtlas            *atlas,
             MoissonViewport         *viewport,
             const MoissonBBox       *visible,
             const MoissonMapPalette *palette,
             MoissonDepartement      *only)
{
  static const double halo_offsets[][2] = {
    { -1, -1 }, { 0, -1 }, { 1, -1 }, { -1, 0 }, { 1, 0 }, { -1, 1 }, { 0, 1 }, { 1, 1 },
  };
  double scale = moisson_viewport_get_scale (viewport);
  double font_size = 10.0;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, font_size);

  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    {
      MoissonDepartement *departement = moisson_atlas_get_departement (atlas, i);
      const MoissonBBox *bbox = moisson_departement_get_bbox (departement);
      const char *code = moisson_departement_get_code (departement);
      cairo_text_extents_t extents;
      double lx, ly, sx, sy;

      if (!is_visible (departement, visible) || (only != NULL && departement != only))
        continue;
      cairo_text_extents (cr, code, &extents);
      if (moisson_bbox_get_width (bbox) / scale < extents.width * 1.6 ||
          moisson_bbox_get_height (bbox) / scale < extents.height * 2.0)
        continue;

      moisson_atlas_get_label_point (atlas, i, &lx, &ly);
      moisson_viewport_world_to_screen (viewport, lx, ly, &sx, &sy);
      sx = round (sx - extents.width / 2.0 - extents.x_bearing);
      sy = round (sy + extents.height / 2.0);
      /* The halo is the text drawn around itself: glyphs come from cairo's
       * cache, where a stroked outline would be tessellated each time. */
      set_color (cr, palette->label_halo);
      for (guint k = 0; k < G_N_ELEMENTS (halo_offsets); k++)
        {
          cairo_move_to (cr, sx + halo_offsets[k][0], sy + halo_offsets[k][1]);
          cairo_show_text (cr, code);
        }
      set_color (cr, palette->label);
      cairo_move_to (cr, sx, sy);
      cairo_show_text (cr, code);
    }
}

static void
stroke_border (cairo_t            *cr,
               MoissonDepartement *departement,
               MoissonViewport    *viewport,
               guint32             color,
               double              width)
{
  append_polygon (cr, moisson_departement_get_polygon (departement), viewport);
  set_color (cr, color);
  cairo_set_line_width (cr, width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

static void
highlight (cairo_t                 *cr,
           MoissonAtlas            *atlas,
           MoissonViewport         *viewport,
           const MoissonMapPalette *palette,
           const MoissonMapState   *state,
           MoissonDepartement      *departement,
           guint32                  fill,
           guint32                  outline)
{
  MoissonBBox visible;

  moisson_viewport_get_visible (viewport, &visible);
  if (!is_visible (departement, &visible))
    return;

  fill_departement (cr, departement, viewport, fill);
  if (outline != 0)
    stroke_border (cr, departement, viewport, outline, 2.5);
  else
    stroke_border (cr, departement, viewport, palette->border, border_width (viewport));
  if (state->show_labels)
    draw_labels (cr, atlas, viewport, &visible, palette, departement);
}

/**
 * moisson_map_render_base:
 * @cr: where to draw, with (0, 0) at the top left of the viewport
 *
 * Draws what does not change with the pointer, in passes: sea, inset
 * frames, land, borders, labels. Widgets cache it between view changes.
 */
void
moisson_map_render_base (cairo_t               *cr,
                         MoissonAtlas          *atlas,
                         MoissonViewport       *viewport,
                         const MoissonMapState *state)
{
  const MoissonMapPalette *palette;
  MoissonBBox visible;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (MOISSON_IS_ATLAS (atlas));
  g_return_if_fail (MOISSON_IS_VIEWPORT (viewport));
  g_return_if_fail (state != NULL);

  palette = moisson_map_palette_get (state->dark);
  moisson_viewport_get_visible (viewport, &visible);

  cairo_save (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  draw_background (cr, viewport, palette);
  draw_insets (cr, atlas, viewport, palette);
  draw_fills (cr, atlas, viewport, &visible, palette);
  draw_borders (cr, atlas, viewport, &visible, palette);
  if (state->show_labels)
    draw_labels (cr, atlas, viewport, &visible, palette, NULL);
  cairo_restore (cr);
}

/**
 * moisson_map_render_overlay:
 *
 * Draws over the base what follows the pointer: the hovered and the
 * selected départements, with their borders and labels drawn again.
 */
void
moisson_map_render_overlay (cairo_t               *cr,
                            MoissonAtlas          *atlas,
                            MoissonViewport       *viewport,
                            const MoissonMapState *state)
{
  const MoissonMapPalette *palette;
  MoissonDepartement *hover;
  MoissonDepartement *selected;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (MOISSON_IS_ATLAS (atlas));
  g_return_if_fail (MOISSON_IS_VIEWPORT (viewport));
  g_return_if_fail (state != NULL);

  palette = moisson_map_palette_get (state->dark);
  hover = moisson_atlas_lookup (atlas, state->hover_code);
  selected = moisson_atlas_lookup (atlas, state->selected_code);

  cairo_save (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  if (hover != NULL && hover != selected)
    highlight (cr, atlas, viewport, palette, state, hover, palette->hover, 0);
  if (selected != NULL)
    highlight (cr, atlas, viewport, palette, state, selected, palette->selected, palette->selected_outline);
  cairo_restore (cr);
}

/**
 * moisson_map_render:
 *
 * Draws the whole map: base and overlay.
 */
void
moisson_map_render (cairo_t               *cr,
                    MoissonAtlas          *atlas,
                    MoissonViewport       *viewport,
                    const MoissonMapState *state)
{
  moisson_map_render_base (cr, atlas, viewport, state);
  moisson_map_render_overlay (cr, atlas, viewport, state);
}

/**
 * moisson_map_export_viewport:
 *
 * Returns: (transfer full): the view of an exported image: the whole map
 *   fitted, with a small margin
 */
MoissonViewport *
moisson_map_export_viewport (MoissonAtlas *atlas,
                             int           width,
                             int           height)
{
  MoissonViewport *viewport;

  g_return_val_if_fail (MOISSON_IS_ATLAS (atlas), NULL);

  viewport = moisson_viewport_new ();
  moisson_viewport_set_size (viewport, width, height);
  moisson_viewport_set_limits (viewport, moisson_atlas_get_bounds (atlas));
  moisson_viewport_fit (viewport, moisson_atlas_get_bounds (atlas), MIN (width, height) * 0.03);
  return viewport;
}

gboolean
moisson_map_export_png (MoissonAtlas          *atlas,
                        const MoissonMapState *state,
                        int                    width,
                        int                    height,
                        const char            *path,
                        GError               **error)
{
  g_autoptr(MoissonViewport) viewport = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (MOISSON_IS_ATLAS (atlas), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width < 16 || height < 16 || width > 20000 || height > 20000)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The image size %d×%d is not between 16 and 20000 pixels a side."), width, height);
      return FALSE;
    }

  viewport = moisson_map_export_viewport (atlas, width, height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  moisson_map_render (cr, atlas, viewport, state);
  cairo_destroy (cr);

  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The image cannot be written to “%s”: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}
