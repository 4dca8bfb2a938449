/* moisson-map-export.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-map-export.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "moisson-file.h"
#include "moisson-insee.h"
#include "moisson-labels.h"

/* A map document: title and active filters above, the map with its insets,
 * the legend and the numbers beside it, the date and the sources below. It
 * is laid out on an A4 landscape page in points and drawn on any cairo_t:
 * PDF, SVG and PNG exports and the printed page are one drawing.
 *
 * Text goes through cairo's own text calls, as the map's labels do: the
 * strings are Latin script, and PDF keeps them as text that can be searched
 * and copied. cairo's SVG surface would write every glyph as a path, so for
 * SVG the document's own text is written as SVG <text> instead. */

/* Narrow margins and sidebar: the map takes most of the page. */
#define MARGIN 22.0
#define SIDEBAR_WIDTH 180.0
#define GAP 12.0
#define FONT_FAMILY "Sans"
#define MAX_SUMMARY_LINES 3

typedef struct
{
  cairo_t *cr;
  GString *svg_text;     /* SVG: the <text> elements, instead of glyphs */
  double size;
  gboolean bold;
  guint32 color;
} Pen;

typedef struct
{
  const char *code;
  const char *name;
  guint count;
} Ranked;

static const MoissonMapPalette *
palette (void)
{
  /* Documents are printed: always the light colours. */
  return moisson_map_palette_get (FALSE);
}

static void
set_color (cairo_t *cr,
           guint32  rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

static void
pen_set (Pen     *pen,
         double   size,
         gboolean bold,
         guint32  color)
{
  pen->size = size;
  pen->bold = bold;
  pen->color = color;
  cairo_select_font_face (pen->cr, FONT_FAMILY, CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (pen->cr, size);
}

static double
pen_width (Pen        *pen,
           const char *text)
{
  cairo_text_extents_t extents;

  cairo_text_extents (pen->cr, text, &extents);
  return extents.x_advance;
}

/* Escaped for SVG. XML 1.0 forbids control characters other than tab and
 * line breaks, even as references: one in a feed's title would leave the
 * whole file unreadable, so they are dropped. */
static char *
escape_for_xml (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autoptr(GString) allowed = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0x20 && c != 0xfffe && c != 0xffff) || c == '\t' || c == '\n' || c == '\r')
        g_string_append_unichar (allowed, c);
    }
  return g_markup_escape_text (allowed->str, allowed->len);
}

/* Text with its baseline at y. */
static void
pen_text (Pen        *pen,
          double      x,
          double      y,
          const char *text)
{
  if (pen->svg_text != NULL)
    {
      g_autofree char *escaped = escape_for_xml (text);
      double size = pen->size, zero = 0;
      char sx[G_ASCII_DTOSTR_BUF_SIZE], sy[G_ASCII_DTOSTR_BUF_SIZE], ssize[G_ASCII_DTOSTR_BUF_SIZE];

      /* Numbers with a dot whatever the locale. */
      cairo_user_to_device (pen->cr, &x, &y);
      cairo_user_to_device_distance (pen->cr, &zero, &size);
      g_string_append_printf (pen->svg_text,
                              "<text x=\"%s\" y=\"%s\" font-family=\"DejaVu Sans, sans-serif\" "
                              "font-size=\"%s\"%s fill=\"#%06x\">%s</text>\n",
                              g_ascii_formatd (sx, sizeof sx, "%.2f", x),
                              g_ascii_formatd (sy, sizeof sy, "%.2f", y),
                              g_ascii_formatd (ssize, sizeof ssize, "%.2f", fabs (size)),
                              pen->bold ? " font-weight=\"bold\"" : "", pen->color & 0xffffff, escaped);
      return;
    }
  set_color (pen->cr, pen->color);
  cairo_move_to (pen->cr, x, y);
  cairo_show_text (pen->cr, text);
}

static void
pen_text_right (Pen        *pen,
                double      right,
                double      y,
                const char *text)
{
  pen_text (pen, right - pen_width (pen, text), y, text);
}

/* Breaks text at spaces into lines no wider than max_width; a word wider
 * than that gets a line of its own. */
static GPtrArray *
wrap (Pen        *pen,
      const char *text,
      double      max_width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *candidate = NULL;

      if (words[i][0] == '\0')
        continue;
      candidate = line->len > 0 ? g_strconcat (line->str, " ", words[i], NULL) : g_strdup (words[i]);
      if (line->len > 0 && pen_width (pen, candidate) > max_width)
        {
          g_ptr_array_add (lines, g_strdup (line->str));
          g_string_assign (line, words[i]);
        }
      else
        g_string_assign (line, candidate);
    }
  if (line->len > 0)
    g_ptr_array_add (lines, g_strdup (line->str));
  return lines;
}

/* Returns the baseline below the last line. */
static double
pen_paragraph (Pen        *pen,
               double      x,
               double      y,
               double      max_width,
               double      line_height,
               const char *text)
{
  g_autoptr(GPtrArray) lines = wrap (pen, text, max_width);

  for (guint i = 0; i < lines->len; i++)
    {
      pen_text (pen, x, y, g_ptr_array_index (lines, i));
      y += line_height;
    }
  return y;
}

static guint
count_of (const MoissonMapState *state,
          const char            *code)
{
  return state->counts != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (state->counts, code)) : 0;
}

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (date);

  return g_date_time_format (local, _("%-d %B %Y at %H:%M"));
}

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *ra = a, *rb = b;

  if (ra->count != rb->count)
    return ra->count > rb->count ? -1 : 1;
  return g_strcmp0 (ra->code, rb->code);
}

static void
draw_swatch (cairo_t *cr,
             double   x,
             double   y,
             double   size,
             guint32  fill,
             guint32  outline,
             double   line_width)
{
  cairo_rectangle (cr, x, y, size, size);
  set_color (cr, fill);
  cairo_fill_preserve (cr);
  set_color (cr, outline);
  cairo_set_line_width (cr, line_width);
  cairo_stroke (cr);
}

/* The colour classes, zero included, each with its number of départements:
 * the scale can be read without telling colours apart. */
static double
draw_legend (Pen                      *pen,
             const MoissonMapDocument *document,
             double                    x,
             double                    y,
             double                    width)
{
  const MoissonMapPalette *colors = palette ();
  const MoissonMapState *state = document->state;
  MoissonMapScale scale;
  guint per_class[6] = { 0 };
  guint n_shapes = moisson_atlas_get_n_departements (document->atlas);
  g_autoptr(GHashTable) counted = g_hash_table_new (g_str_hash, g_str_equal);
  const double swatch = 11.0, line = 16.0;

  moisson_map_scale_init_for_counts (&scale, state->counts);
  /* Each département once, where it counts: over communes, the shapes are
   * its communes. */
  for (guint i = 0; i < n_shapes; i++)
    {
      const char *code = moisson_insee_get_counted_code (
        moisson_departement_get_code (moisson_atlas_get_departement (document->atlas, i)));

      if (code != NULL && g_hash_table_add (counted, (gpointer) code))
        per_class[moisson_map_scale_class (&scale, count_of (state, code)) + 1]++;
    }

  pen_set (pen, 10.5, TRUE, colors->label);
  y = pen_paragraph (pen, x, y + 10.5, width, 13.0, _("Initiatives per département")) + 3.0;

  for (int i = -1; i < (int) scale.n_classes; i++)
    {
      guint32 color = i < 0 ? colors->land : moisson_map_count_color (colors, &scale, scale.upper[i]);
      g_autofree char *range = NULL;
      g_autofree char *how_many = NULL;

      /* Zero is not a class: its row says how many have none, if any. */
      if (i < 0 && per_class[0] == 0)
        continue;
      if (i < 0)
        range = g_strdup ("0");
      else if (scale.upper[i] == scale.lower[i])
        range = g_strdup_printf ("%u", scale.upper[i]);
      else
        range = g_strdup_printf ("%u–%u", scale.lower[i], scale.upper[i]);
      how_many = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u département", "%u départements",
                                               per_class[i + 1]),
                                  per_class[i + 1]);

      draw_swatch (pen->cr, x + 0.5, y + 0.5, swatch, color, colors->border, 0.6);
      pen_set (pen, 9.0, FALSE, colors->label);
      pen_text (pen, x + swatch + 7.0, y + swatch - 1.5, range);
      pen_set (pen, 8.0, FALSE, colors->border);
      pen_text_right (pen, x + width, y + swatch - 1.5, how_many);
      y += line;
    }
  return y;
}

/* What the other marks on the map mean. */
static double
draw_keys (Pen                      *pen,
           const MoissonMapDocument *document,
           double                    x,
           double                    y,
           double                    width)
{
  const MoissonMapPalette *colors = palette ();
  const MoissonMapState *state = document->state;
  MoissonDepartement *selected = moisson_atlas_lookup (document->atlas, state->selected_code);
  const double indent = 18.0;

  if (state->n_markers > 0)
    {
      cairo_new_path (pen->cr);
      cairo_arc (pen->cr, x + 6.0, y + 5.5, 3.5, 0, 2 * G_PI);
      set_color (pen->cr, 0x777777);
      cairo_fill_preserve (pen->cr);
      set_color (pen->cr, colors->badge);
      cairo_set_line_width (pen->cr, 1.2);
      cairo_stroke (pen->cr);
      pen_set (pen, 9.0, FALSE, colors->label);
      y = pen_paragraph (pen, x + indent, y + 9.0, width - indent, 11.5,
                         _("An initiative at its address, coloured by its first field")) + 4.0;
    }
  if (state->n_markers > 1)
    {
      cairo_new_path (pen->cr);
      cairo_arc (pen->cr, x + 6.0, y + 5.5, 6.5, 0, 2 * G_PI);
      set_color (pen->cr, colors->cluster);
      cairo_fill (pen->cr);
      pen_set (pen, 7.0, TRUE, 0xffffff);
      pen_text (pen, x + 2.2, y + 8.0, "12");
      pen_set (pen, 9.0, FALSE, colors->label);
      y = pen_paragraph (pen, x + indent, y + 9.0, width - indent, 11.5,
                         _("Initiatives close together, with their number")) + 4.0;
    }
  if (moisson_map_state_has_pending (state))
    {
      /* The hollow marker of moisson-map-renderer.c's draw_marker (). */
      const double radii[] = { MOISSON_MAP_PENDING_RADIUS + 1.0, MOISSON_MAP_PENDING_RADIUS, MOISSON_MAP_PENDING_RADIUS - 2.2 };
      const guint32 fills[] = { colors->badge, 0x777777, colors->label_halo };

      for (guint k = 0; k < G_N_ELEMENTS (radii); k++)
        {
          cairo_new_path (pen->cr);
          cairo_arc (pen->cr, x + 6.0, y + 5.5, radii[k], 0, 2 * G_PI);
          set_color (pen->cr, fills[k]);
          cairo_fill (pen->cr);
        }
      pen_set (pen, 9.0, FALSE, colors->label);
      y = pen_paragraph (pen, x + indent, y + 9.0, width - indent, 11.5,
                         _("Hollow marks and “+n” in counts: contributions to review")) + 4.0;
    }
  if (selected != NULL)
    {
      g_autofree char *name = moisson_departement_dup_display_name (selected);
      g_autofree char *line = g_strdup_printf (_("Selected: %s"), name);
      guint n = count_of (state, moisson_departement_get_code (selected));
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u initiative", "%u initiatives", n), n);

      draw_swatch (pen->cr, x + 0.5, y + 0.5, 11.0, colors->selected, colors->selected_outline, 1.5);
      pen_set (pen, 9.0, TRUE, colors->label);
      y = pen_paragraph (pen, x + indent, y + 9.0, width - indent, 11.5, line);
      pen_set (pen, 9.0, FALSE, colors->label);
      pen_text (pen, x + indent, y, count);
      y += 11.5 + 4.0;
    }
  if (state->highlighted != NULL && state->highlighted[0] != NULL)
    {
      draw_swatch (pen->cr, x + 1.0, y + 1.0, 10.0, colors->land, colors->highlight, 2.0);
      pen_set (pen, 9.0, FALSE, colors->label);
      y = pen_paragraph (pen, x + indent, y + 9.0, width - indent, 11.5,
                         document->highlight_label != NULL ? document->highlight_label
                                                           : _("The départements of the initiative on show")) + 4.0;
    }
  return y;
}

/* The départements with most initiatives, by name: the numbers behind the
 * darkest colours. Stops before it would run past the bottom. */
static void
draw_ranking (Pen                      *pen,
              const MoissonMapDocument *document,
              double                    x,
              double                    y,
              double                    width,
              double                    bottom)
{
  const MoissonMapPalette *colors = palette ();
  guint n = moisson_atlas_get_n_departements (document->atlas);
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  const double line = 12.0;

  for (guint i = 0; i < n; i++)
    {
      MoissonDepartement *departement = moisson_atlas_get_departement (document->atlas, i);
      Ranked item = { moisson_departement_get_code (departement), moisson_departement_get_name (departement), 0 };

      item.count = count_of (document->state, item.code);
      if (item.count > 0)
        g_array_append_val (ranked, item);
    }
  if (ranked->len == 0 || y + 2 * line > bottom)
    return;
  g_array_sort (ranked, compare_ranked);

  pen_set (pen, 10.5, TRUE, colors->label);
  pen_text (pen, x, y + 10.5, _("Most initiatives"));
  y += 10.5 + 6.0;
  for (guint i = 0; i < MIN (ranked->len, 10) && y + line <= bottom; i++)
    {
      const Ranked *item = &g_array_index (ranked, Ranked, i);
      g_autofree char *name = g_strdup_printf ("%s (%s)", item->name, item->code);
      g_autofree char *count = g_strdup_printf ("%u", item->count);

      pen_set (pen, 9.0, FALSE, colors->label);
      pen_text (pen, x, y + 9.0, name);
      pen_set (pen, 9.0, TRUE, colors->label);
      pen_text_right (pen, x + width, y + 9.0, count);
      y += line;
    }
}

static char *
dup_sources (const MoissonMapDocument *document)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *exported = format_date (document->export_date != NULL ? document->export_date : now);
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, _("Exported on %s"), exported);
  if (document->feed_title != NULL || document->feed_uri != NULL)
    {
      g_autoptr(GString) feed = g_string_new (document->feed_title);

      if (document->feed_uri != NULL)
        {
          /* A local file by its name: its folder means nothing to readers
           * of the document, and may say more than the user wants. */
          g_autofree char *name = g_str_has_prefix (document->feed_uri, "file:")
                                  ? g_path_get_basename (document->feed_uri) : NULL;

          g_string_append_printf (feed, feed->len > 0 ? " (%s)" : "%s", name != NULL ? name : document->feed_uri);
        }
      if (document->feed_date != NULL)
        {
          g_autofree char *date = format_date (document->feed_date);

          g_string_append (feed, ", ");
          g_string_append_printf (feed, _("data of %s"), date);
        }
      if (document->more_sources != NULL)
        g_string_append_printf (feed, ", %s", document->more_sources);
      g_string_append (text, " · ");
      g_string_append_printf (text, _("Initiatives: %s"), feed->str);
    }
  else if (document->more_sources != NULL)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, _("Initiatives: %s"), document->more_sources);
    }
  if (document->boundaries_credit != NULL)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, _("Boundaries: %s"), document->boundaries_credit);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static MoissonViewport *
map_viewport (const MoissonMapDocument *document,
              double                    width,
              double                    height)
{
  /* The export viewport works in whole pixels; the frame in points is
   * drawn at that size, less than a point off. */
  MoissonViewport *viewport = moisson_map_export_viewport (document->atlas, MAX ((int) width, 16), MAX ((int) height, 16));

  if (document->has_place && document->zoom > 0)
    moisson_viewport_set_center_zoom (viewport, document->center_x, document->center_y, document->zoom);
  else
    /* The frame drawn around the map is margin enough. */
    moisson_viewport_fit (viewport, moisson_atlas_get_bounds (document->atlas), MIN (width, height) * 0.015);
  return viewport;
}

/* Lays the document out on a page of width × height in cr's units and,
 * unless only @frame is asked for, draws it. */
static void
draw_document (const MoissonMapDocument *document,
               cairo_t                  *cr,
               GString                  *svg_text,
               double                    width,
               double                    height,
               MoissonMapFrame          *frame)
{
  const MoissonMapPalette *colors = palette ();
  Pen pen = { cr, svg_text, 0, FALSE, 0 };
  double unit = MIN (width / MOISSON_MAP_DOCUMENT_WIDTH, height / MOISSON_MAP_DOCUMENT_HEIGHT);
  double w = width / unit, h = height / unit;
  double y, footer_top, map_x, map_y, map_w, map_h, side_x;
  const char *title = document->title != NULL ? document->title : _("Public-Innovation Initiatives");
  g_autofree char *sources = dup_sources (document);
  g_autoptr(GPtrArray) title_lines = NULL;
  g_autoptr(GPtrArray) summary_lines = NULL;
  g_autoptr(GPtrArray) footer = NULL;
  g_autoptr(MoissonViewport) viewport = NULL;
  MoissonMapState state = *document->state;

  cairo_save (cr);
  cairo_scale (cr, unit, unit);

  /* Title and the active filters, in the side panel's words, above; the
   * sources and date at the foot, in as many lines as they need; the map
   * and its sidebar in between. */
  pen_set (&pen, 19.0, TRUE, colors->label);
  title_lines = wrap (&pen, title, w - 2 * MARGIN);
  pen_set (&pen, 10.5, FALSE, colors->label);
  summary_lines = wrap (&pen, document->summary != NULL ? document->summary : "", w - 2 * MARGIN);
  /* A search of a whole paragraph must leave room for the map. */
  if (summary_lines->len > MAX_SUMMARY_LINES)
    {
      char *last = g_strconcat (g_ptr_array_index (summary_lines, MAX_SUMMARY_LINES - 1), " …", NULL);

      g_ptr_array_set_size (summary_lines, MAX_SUMMARY_LINES);
      g_free (summary_lines->pdata[MAX_SUMMARY_LINES - 1]);
      summary_lines->pdata[MAX_SUMMARY_LINES - 1] = last;
    }
  pen_set (&pen, 7.5, FALSE, colors->border);
  footer = wrap (&pen, sources, w - 2 * MARGIN);
  footer_top = h - MARGIN - footer->len * 10.0 + 7.5;

  map_x = MARGIN;
  map_y = MARGIN + 17.0 + title_lines->len * 23.0 - 4.0 + summary_lines->len * 14.0 + 2.0;
  map_w = w - 2 * MARGIN - SIDEBAR_WIDTH - GAP;
  map_h = MAX (footer_top - 7.5 - 8.0 - map_y, 16.0);
  side_x = map_x + map_w + GAP;
  viewport = map_viewport (document, map_w, map_h);
  if (frame != NULL)
    {
      *frame = (MoissonMapFrame) { map_x * unit, map_y * unit, map_w * unit, map_h * unit, unit };
      frame->viewport = g_steal_pointer (&viewport);
      cairo_restore (cr);
      return;
    }

  /* Paper. */
  cairo_rectangle (cr, 0, 0, w, h);
  set_color (cr, 0xffffff);
  cairo_fill (cr);

  pen_set (&pen, 19.0, TRUE, colors->label);
  for (guint i = 0; i < title_lines->len; i++)
    pen_text (&pen, MARGIN, MARGIN + 17.0 + i * 23.0, g_ptr_array_index (title_lines, i));
  pen_set (&pen, 10.5, FALSE, colors->label);
  y = MARGIN + 17.0 + title_lines->len * 23.0 - 4.0;
  for (guint i = 0; i < summary_lines->len; i++)
    pen_text (&pen, MARGIN, y + i * 14.0, g_ptr_array_index (summary_lines, i));
  pen_set (&pen, 7.5, FALSE, colors->border);
  for (guint i = 0; i < footer->len; i++)
    pen_text (&pen, MARGIN, footer_top + i * 10.0, g_ptr_array_index (footer, i));

  /* The map, in a frame, as the window draws it. */
  state.hover_code = NULL;
  state.dark = FALSE;
  state.hide_legend = TRUE;
  state.outline_halo = TRUE;
  cairo_save (cr);
  cairo_translate (cr, map_x, map_y);
  cairo_rectangle (cr, 0, 0, map_w, map_h);
  cairo_clip (cr);
  moisson_map_render (cr, document->atlas, viewport, &state);
  cairo_restore (cr);
  cairo_rectangle (cr, map_x, map_y, map_w, map_h);
  set_color (cr, colors->inset_frame);
  cairo_set_line_width (cr, 0.75);
  cairo_stroke (cr);

  /* Beside it: legend, keys, the départements with most initiatives. */
  y = map_y;
  if (state.counts != NULL)
    y = draw_legend (&pen, document, side_x, y, SIDEBAR_WIDTH) + 10.0;
  y = draw_keys (&pen, document, side_x, y, SIDEBAR_WIDTH) + 6.0;
  draw_ranking (&pen, document, side_x, y, SIDEBAR_WIDTH, map_y + map_h);

  cairo_restore (cr);
}

/**
 * moisson_map_document_get_frame:
 * @frame: (out): where the map sits on a page of that size, and the
 *   viewport it is drawn with: a point of the plane is on the page at
 *   frame.x + screen_x × frame.unit, frame.y + screen_y × frame.unit
 *
 * Free frame->viewport with g_object_unref ().
 */
void
moisson_map_document_get_frame (const MoissonMapDocument *document,
                                double                    width,
                                double                    height,
                                MoissonMapFrame          *frame)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_if_fail (document != NULL);
  g_return_if_fail (MOISSON_IS_ATLAS (document->atlas));
  g_return_if_fail (frame != NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cr = cairo_create (surface);
  draw_document (document, cr, NULL, width, height, frame);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/**
 * moisson_map_document_draw:
 * @cr: where to draw, with (0, 0) at the top left of the page
 * @width: of the page, in @cr's units
 *
 * Draws the whole document, scaled to fit the page: what the PDF, SVG and
 * PNG exports hold and what is printed.
 */
void
moisson_map_document_draw (const MoissonMapDocument *document,
                           cairo_t                  *cr,
                           double                    width,
                           double                    height)
{
  g_return_if_fail (document != NULL);
  g_return_if_fail (MOISSON_IS_ATLAS (document->atlas));
  g_return_if_fail (document->state != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (width > 0 && height > 0);

  draw_document (document, cr, NULL, width, height, NULL);
}

/* The document's text as <text> elements, over what cairo drew. */
static void
insert_svg_text (GByteArray *bytes,
                 GString    *text,
                 const char *title)
{
  static const char end[] = "</svg>";
  g_autofree char *escaped = escape_for_xml (title);
  g_autofree char *layer = g_strdup_printf ("<title>%s</title>\n<g id=\"text\">\n%s</g>\n", escaped, text->str);
  guint at = bytes->len;

  for (guint i = bytes->len; i >= sizeof end - 1; i--)
    if (memcmp (bytes->data + i - (sizeof end - 1), end, sizeof end - 1) == 0)
      {
        at = i - (sizeof end - 1);
        break;
      }
  g_byte_array_remove_range (bytes, at, bytes->len - at);
  g_byte_array_append (bytes, (const guint8 *) layer, strlen (layer));
  g_byte_array_append (bytes, (const guint8 *) end, sizeof end - 1);
  g_byte_array_append (bytes, (const guint8 *) "\n", 1);
}

/**
 * moisson_map_document_export:
 * @format: PNG, SVG or PDF
 * @width: of a PNG, in pixels; PDF and SVG are an A4 landscape page
 *
 * Writes the document crash-safely: on failure no file, not even part of
 * one, is left at @path.
 */
gboolean
moisson_map_document_export (const MoissonMapDocument *document,
                             MoissonExportFormat       format,
                             int                       width,
                             int                       height,
                             const char               *path,
                             GError                  **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GString) svg_text = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double page_w = MOISSON_MAP_DOCUMENT_WIDTH, page_h = MOISSON_MAP_DOCUMENT_HEIGHT;
  const char *title;

  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (MOISSON_IS_ATLAS (document->atlas), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  title = document->title != NULL ? document->title : _("Public-Innovation Initiatives");
  switch (format)
    {
    case MOISSON_EXPORT_FORMAT_PNG:
      if (width < 200 || height < 150 || width > 20000 || height > 20000)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The image size %d×%d is not between 200×150 and 20000×20000 pixels."), width, height);
          return FALSE;
        }
      page_w = width;
      page_h = height;
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
      break;
    case MOISSON_EXPORT_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (moisson_cairo_write_to_bytes, bytes, page_w, page_h);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Moisson " PACKAGE_VERSION);
      break;
    case MOISSON_EXPORT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (moisson_cairo_write_to_bytes, bytes, page_w, page_h);
      svg_text = g_string_new (NULL);
      break;
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("A map is exported as PNG, SVG or PDF, not as “%s”."), path);
      return FALSE;
    }

  cr = cairo_create (surface);
  draw_document (document, cr, svg_text, page_w, page_h, NULL);
  cairo_show_page (cr);
  cairo_destroy (cr);

  if (format == MOISSON_EXPORT_FORMAT_PNG)
    status = moisson_png_encode (surface, bytes);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The map cannot be drawn: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  if (svg_text != NULL)
    insert_svg_text (bytes, svg_text, title);

  if (!moisson_file_write_atomically (path, bytes->data, bytes->len, 0644, error))
    {
      g_prefix_error (error, _("The map cannot be written to “%s”: "), path);
      return FALSE;
    }
  return TRUE;
}

/**
 * moisson_export_format_for_path:
 *
 * Returns: the format its extension names, in any case:
 *   .png .svg .pdf .csv .geojson .json
 */
MoissonExportFormat
moisson_export_format_for_path (const char *path)
{
  static const struct { const char *extension; MoissonExportFormat format; } known[] = {
    { ".png", MOISSON_EXPORT_FORMAT_PNG },
    { ".svg", MOISSON_EXPORT_FORMAT_SVG },
    { ".pdf", MOISSON_EXPORT_FORMAT_PDF },
    { ".csv", MOISSON_EXPORT_FORMAT_CSV },
    { ".geojson", MOISSON_EXPORT_FORMAT_GEOJSON },
    { ".json", MOISSON_EXPORT_FORMAT_FEED },
  };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, MOISSON_EXPORT_FORMAT_UNKNOWN);

  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_has_suffix (lower, known[i].extension))
      return known[i].format;
  return MOISSON_EXPORT_FORMAT_UNKNOWN;
}

gboolean
moisson_export_format_is_map (MoissonExportFormat format)
{
  return format == MOISSON_EXPORT_FORMAT_PNG || format == MOISSON_EXPORT_FORMAT_SVG ||
         format == MOISSON_EXPORT_FORMAT_PDF;
}

static gboolean
path_names_ign (const char *shapefile)
{
  g_autofree char *lower = g_ascii_strdown (shapefile, -1);
  g_auto(GStrv) words = NULL;

  for (char *c = lower; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c))
      *c = ' ';
  words = g_strsplit (lower, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_equal (words[i], "ign") || g_str_equal (words[i], "adminexpress") ||
        (g_str_equal (words[i], "admin") && words[i + 1] != NULL && g_str_equal (words[i + 1], "express")))
      return TRUE;
  return FALSE;
}

/**
 * moisson_boundaries_credit:
 * @shapefile: the boundary file on the map
 * @bundled: whether it is the file that comes with Moisson
 *
 * Where the boundaries come from, for a document's sources: the bundled
 * file's own sources; IGN for its files (ADMIN EXPRESS, recognised by its
 * INSEE_DEP field or by IGN in the path); otherwise the file's name.
 *
 * Returns: (transfer full): a credit line
 */
char *
moisson_boundaries_credit (const char *shapefile,
                           gboolean    bundled)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (shapefile != NULL, NULL);

  if (bundled)
    return g_strdup (_("Natural Earth (public domain); INSEE codes and names, via @etalab/decoupage-administratif"));
  if (moisson_shapefile_has_field (shapefile, "INSEE_DEP") || path_names_ign (shapefile))
    return g_strdup (_("IGN ADMIN EXPRESS (Licence Ouverte Etalab); INSEE codes"));
  name = g_path_get_basename (shapefile);
  return g_strdup_printf (_("the file %s"), name);
}

/**
 * moisson_map_document_summary:
 * @criteria: (nullable): the filters of the map
 * @feed: (nullable): for the labels of the fields
 * @initiatives: every initiative of the map, matching or not
 *
 * Returns: (transfer full): the line under a document's title, in the
 *   words of the side panel: "12 initiatives of 48 · filters: Solidarités"
 */
char *
moisson_map_document_summary (MoissonFilter *criteria,
                              MoissonFeed   *feed,
                              GListModel    *initiatives)
{
  g_autofree char *active = NULL;
  g_autofree char *of = NULL;
  guint n_all, n_shown = 0;

  g_return_val_if_fail (G_IS_LIST_MODEL (initiatives), NULL);

  n_all = g_list_model_get_n_items (initiatives);
  for (guint i = 0; i < n_all; i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (initiatives, i);

      if (criteria == NULL || moisson_filter_match (criteria, initiative))
        n_shown++;
    }
  active = criteria != NULL ? moisson_filter_describe (criteria, feed) : NULL;
  if (active == NULL)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u initiative", "%u initiatives", n_shown), n_shown);
  of = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u initiative of %u", "%u initiatives of %u", n_shown),
                        n_shown, n_all);
  return g_strdup_printf (_("%s · filters: %s"), of, active);
}
