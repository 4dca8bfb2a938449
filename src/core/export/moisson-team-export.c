/* moisson-team-export.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-team-export.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "moisson-export-private.h"
#include "moisson-file.h"
#include "moisson-insee.h"
#include "moisson-text.h"

/* « Un annuaire des équipes innovation », as the 2017 workshop asked for
 * it: cards of the teams, searched in the app, exported as a table and as a
 * booklet to print for the workshop's table, one card a page. */

const char *
moisson_portrait_heading_get_label (MoissonPortraitHeading heading)
{
  switch (heading)
    {
    case MOISSON_PORTRAIT_VISION:
      return _("Vision and values");
    case MOISSON_PORTRAIT_ACTIVITIES:
      return _("Activities");
    case MOISSON_PORTRAIT_METHODS:
      return _("Methods");
    case MOISSON_PORTRAIT_ORGANISATION:
      return _("Organisation");
    case MOISSON_PORTRAIT_GOVERNANCE:
      return _("Governance");
    case MOISSON_N_PORTRAIT_HEADINGS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* What an empty heading says: an invitation, not a gap. */
const char *
moisson_portrait_get_empty_label (void)
{
  return _("to be completed");
}

/**
 * moisson_portrait_dup_heading:
 * @portrait: (nullable): a team's portrait-robot
 *
 * Organisation gathers four members of the feed (`team`, `budget`,
 * `place`, `communication`), each named when there is more than one.
 *
 * Returns: (transfer full) (nullable): the text under @heading, %NULL
 *   when the portrait says nothing there
 */
char *
moisson_portrait_dup_heading (const MoissonPortrait *portrait,
                              MoissonPortraitHeading heading)
{
  const char *single = NULL;

  if (portrait == NULL)
    return NULL;
  switch (heading)
    {
    case MOISSON_PORTRAIT_VISION:
      single = portrait->vision;
      break;
    case MOISSON_PORTRAIT_ACTIVITIES:
      single = portrait->activities;
      break;
    case MOISSON_PORTRAIT_METHODS:
      single = portrait->methods;
      break;
    case MOISSON_PORTRAIT_GOVERNANCE:
      single = portrait->governance;
      break;
    case MOISSON_PORTRAIT_ORGANISATION:
      {
        const char *parts[] = { portrait->team, portrait->budget, portrait->place, portrait->communication };
        const char *labels[] = { _("Team"), _("Budget"), _("Place"), _("Communication") };
        g_autoptr(GString) text = g_string_new (NULL);

        for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
          if (parts[i] != NULL && *parts[i] != '\0')
            g_string_append_printf (text, "%s%s : %s", text->len ? "\n" : "", labels[i], parts[i]);
        return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
      }
    case MOISSON_N_PORTRAIT_HEADINGS:
    default:
      g_return_val_if_reached (NULL);
    }
  return single != NULL && *single != '\0' ? g_strdup (single) : NULL;
}

/* "Alpes-Maritimes (06)", joined. */
char *
moisson_team_dup_departement_names (MoissonInitiative *team)
{
  const char * const *codes;
  g_autoptr(GString) names = g_string_new (NULL);

  g_return_val_if_fail (MOISSON_IS_INITIATIVE (team), NULL);

  codes = moisson_initiative_get_departements (team);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      const char *name = moisson_insee_get_departement_name (codes[i]);

      g_string_append_printf (names, "%s%s", names->len ? ", " : "", name ? name : codes[i]);
      if (name != NULL)
        g_string_append_printf (names, " (%s)", codes[i]);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* Everything a card shows, folded, for the search. */
static char *
dup_card_text (MoissonInitiative *team)
{
  g_autoptr(GString) text = g_string_new (moisson_initiative_get_title (team));
  g_autofree char *names = moisson_team_dup_departement_names (team);
  const char * const *actors = moisson_initiative_get_actors (team);
  const char *more[] = { moisson_initiative_get_summary (team), moisson_initiative_get_description (team),
                         moisson_initiative_get_contact (team), names };

  for (guint i = 0; i < G_N_ELEMENTS (more); i++)
    if (more[i] != NULL)
      g_string_append_printf (text, " %s", more[i]);
  for (guint i = 0; actors != NULL && actors[i] != NULL; i++)
    g_string_append_printf (text, " %s", actors[i]);
  for (guint h = 0; h < MOISSON_N_PORTRAIT_HEADINGS; h++)
    {
      g_autofree char *part = moisson_portrait_dup_heading (moisson_initiative_get_portrait (team), h);

      if (part != NULL)
        g_string_append_printf (text, " %s", part);
    }
  return moisson_fold_for_search (text->str);
}

static int
compare_cards (gconstpointer a,
               gconstpointer b)
{
  MoissonInitiative *x = *(MoissonInitiative **) a, *y = *(MoissonInitiative **) b;
  const char * const *cx = moisson_initiative_get_departements (x);
  const char * const *cy = moisson_initiative_get_departements (y);
  int by_code = g_strcmp0 (cx[0], cy[0]);

  return by_code != 0 ? by_code : g_utf8_collate (moisson_initiative_get_title (x), moisson_initiative_get_title (y));
}

/**
 * moisson_teams_select:
 * @initiatives: a GListModel of MoissonInitiative
 * @search_text: (nullable): every word of it is on the card, whatever the
 *   accents and the case
 * @departement_code: (nullable): only the teams of this département
 *
 * A team completed in the form is a contribution under the id of the feed's
 * entry: one card, the contribution's, as moisson_initiative_store_find_by_id()
 * finds it.
 *
 * Returns: (transfer full) (element-type MoissonInitiative): the teams, by
 *   département then name
 */
GPtrArray *
moisson_teams_select (GListModel *initiatives,
                      const char *search_text,
                      const char *departement_code)
{
  GPtrArray *teams = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *folded = search_text != NULL ? moisson_fold_for_search (search_text) : NULL;
  g_auto(GStrv) words = folded != NULL && *folded != '\0' ? g_strsplit (folded, " ", -1) : NULL;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (initiatives), teams);

  n = g_list_model_get_n_items (initiatives);
  /* Contributions come after the feeds: the last of an id is the one shown. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (initiatives, i);

      g_hash_table_insert (last, (gpointer) moisson_initiative_get_id (initiative), GUINT_TO_POINTER (i));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (initiatives, i);
      g_autofree char *text = NULL;
      gboolean found = TRUE;

      if (moisson_initiative_get_kind (initiative) != MOISSON_KIND_TEAM ||
          GPOINTER_TO_UINT (g_hash_table_lookup (last, moisson_initiative_get_id (initiative))) != i)
        continue;
      if (departement_code != NULL && !moisson_initiative_has_departement (initiative, departement_code))
        continue;
      if (words != NULL)
        {
          text = dup_card_text (initiative);
          for (guint w = 0; words[w] != NULL && found; w++)
            found = strstr (text, words[w]) != NULL;
        }
      if (found)
        g_ptr_array_add (teams, g_steal_pointer (&initiative));
    }
  g_ptr_array_sort (teams, compare_cards);
  return teams;
}

static gboolean
shares_actor (MoissonInitiative  *initiative,
              const char * const *keys)
{
  const char * const *actors = moisson_initiative_get_actors (initiative);

  for (guint i = 0; actors != NULL && actors[i] != NULL; i++)
    {
      g_autofree char *key = moisson_fold_for_search (actors[i]);

      if (g_strv_contains (keys, key))
        return TRUE;
    }
  return FALSE;
}

/**
 * moisson_team_dup_carried:
 *
 * The initiatives a team carries: those, other than teams, whose actors
 * include one of the team's (its council, its lab), compared without case
 * or accents. The feed says who acts; it does not say which team.
 *
 * Returns: (transfer full) (element-type MoissonInitiative): by title
 */
GPtrArray *
moisson_team_dup_carried (MoissonInitiative *team,
                          GListModel        *initiatives)
{
  GPtrArray *carried = g_ptr_array_new_with_free_func (g_object_unref);
  const char * const *actors;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) keys = NULL;
  guint n;

  g_return_val_if_fail (MOISSON_IS_INITIATIVE (team), carried);
  g_return_val_if_fail (G_IS_LIST_MODEL (initiatives), carried);

  actors = moisson_initiative_get_actors (team);
  for (guint i = 0; actors != NULL && actors[i] != NULL; i++)
    {
      g_autofree char *key = moisson_fold_for_search (actors[i]);

      g_strv_builder_add (builder, key);
    }
  keys = g_strv_builder_end (builder);
  if (keys[0] == NULL)
    return carried;

  n = g_list_model_get_n_items (initiatives);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (initiatives, i);

      if (moisson_initiative_get_kind (initiative) != MOISSON_KIND_TEAM &&
          shares_actor (initiative, (const char * const *) keys))
        g_ptr_array_add (carried, g_steal_pointer (&initiative));
    }
  return carried;
}

static char *
dup_titles (GPtrArray *initiatives)
{
  g_autoptr(GString) titles = g_string_new (NULL);

  for (guint i = 0; i < initiatives->len; i++)
    g_string_append_printf (titles, "%s%s", i ? "; " : "", moisson_initiative_get_title (initiatives->pdata[i]));
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

/**
 * moisson_teams_to_csv:
 * @teams: (element-type MoissonInitiative): the cards, in order
 * @initiatives: where to find what each team carries
 *
 * One row a card, as moisson_initiatives_to_csv() writes them (UTF-8 with
 * a byte order mark, CRLF). An empty heading is an empty cell: a table is
 * read by programs, which « à compléter » would mislead.
 *
 * Returns: (transfer full): the CSV text
 */
char *
moisson_teams_to_csv (GPtrArray  *teams,
                      GListModel *initiatives)
{
  const char *header[] = {
    _("Identifier"), _("Départements"), _("Name"), _("Contact"),
    moisson_portrait_heading_get_label (MOISSON_PORTRAIT_VISION),
    moisson_portrait_heading_get_label (MOISSON_PORTRAIT_ACTIVITIES),
    moisson_portrait_heading_get_label (MOISSON_PORTRAIT_METHODS),
    moisson_portrait_heading_get_label (MOISSON_PORTRAIT_ORGANISATION),
    moisson_portrait_heading_get_label (MOISSON_PORTRAIT_GOVERNANCE),
    _("Initiatives carried"), _("Source"), _("Source address"),
  };
  GString *csv = g_string_new ("\xef\xbb\xbf");

  g_return_val_if_fail (teams != NULL, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (initiatives), NULL);

  _moisson_export_append_csv_row (csv, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < teams->len; i++)
    {
      MoissonInitiative *team = teams->pdata[i];
      const MoissonPortrait *portrait = moisson_initiative_get_portrait (team);
      g_autoptr(GPtrArray) carried = moisson_team_dup_carried (team, initiatives);
      g_autofree char *names = moisson_team_dup_departement_names (team);
      g_autofree char *titles = dup_titles (carried);
      char *headings[MOISSON_N_PORTRAIT_HEADINGS] = { NULL };
      const char *row[G_N_ELEMENTS (header)];

      for (guint h = 0; h < MOISSON_N_PORTRAIT_HEADINGS; h++)
        headings[h] = moisson_portrait_dup_heading (portrait, h);
      row[0] = moisson_initiative_get_id (team);
      row[1] = names;
      row[2] = moisson_initiative_get_title (team);
      row[3] = moisson_initiative_get_contact (team);
      for (guint h = 0; h < MOISSON_N_PORTRAIT_HEADINGS; h++)
        row[4 + h] = headings[h];
      row[9] = titles;
      row[10] = moisson_initiative_get_source (team);
      row[11] = moisson_initiative_get_source_url (team);
      _moisson_export_append_csv_row (csv, row, G_N_ELEMENTS (row));
      for (guint h = 0; h < MOISSON_N_PORTRAIT_HEADINGS; h++)
        g_free (headings[h]);
    }
  return g_string_free (csv, FALSE);
}

/* The booklet: A5 portrait, printed two to an A4 sheet or as is. */
#define PAGE_WIDTH 419.53
#define PAGE_HEIGHT 595.28
#define MARGIN 36.0
#define FONT_FAMILY "Sans"
#define ACCENT 0x1c71d8
#define DIM 0x5e5c64

typedef struct
{
  cairo_t *cr;
  double y;
  gboolean full;     /* the page has no room left: what follows is cut */
} Page;

static void
set_font (Page     *page,
          double    size,
          gboolean  bold,
          gboolean  italic,
          guint32   rgb)
{
  cairo_select_font_face (page->cr, FONT_FAMILY, italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (page->cr, size);
  cairo_set_source_rgb (page->cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

static double
text_width (Page       *page,
            const char *text)
{
  cairo_text_extents_t extents;

  cairo_text_extents (page->cr, text, &extents);
  return extents.x_advance;
}

static void
show_line (Page       *page,
           const char *text,
           double      x,
           double      size)
{
  if (page->full)
    return;
  if (page->y + size * 1.35 > PAGE_HEIGHT - MARGIN - 24)
    {
      /* Cut, and said to be: the app holds the whole card. */
      cairo_move_to (page->cr, x, page->y + size);
      cairo_show_text (page->cr, "…");
      page->full = TRUE;
      return;
    }
  cairo_move_to (page->cr, x, page->y + size);
  cairo_show_text (page->cr, text);
  page->y += size * 1.35;
}

/* Greedy wrapping at spaces, paragraph by paragraph, in the current font.
 *
 * Returns: (transfer full): the lines */
static GStrv
wrap (Page       *page,
      const char *text,
      double      width)
{
  g_auto(GStrv) paragraphs = g_strsplit (text, "\n", -1);
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();

  for (guint p = 0; paragraphs[p] != NULL; p++)
    {
      g_auto(GStrv) words = g_strsplit (paragraphs[p], " ", -1);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint w = 0; words[w] != NULL; w++)
        {
          g_autofree char *longer = line->len > 0 ? g_strconcat (line->str, " ", words[w], NULL) : g_strdup (words[w]);

          if (line->len > 0 && text_width (page, longer) > width)
            {
              g_strv_builder_add (lines, line->str);
              g_string_assign (line, words[w]);
            }
          else
            g_string_assign (line, longer);
        }
      g_strv_builder_add (lines, line->str);
    }
  return g_strv_builder_end (lines);
}

static void
show_wrapped (Page       *page,
              const char *text,
              double      x,
              double      size)
{
  g_auto(GStrv) lines = wrap (page, text, PAGE_WIDTH - MARGIN - x);

  for (guint i = 0; lines[i] != NULL; i++)
    show_line (page, lines[i], x, size);
}

static void
show_heading (Page       *page,
              const char *label,
              const char *text)
{
  page->y += 6;
  set_font (page, 10.5, TRUE, FALSE, ACCENT);
  show_line (page, label, MARGIN, 10.5);
  if (text != NULL)
    {
      set_font (page, 9.5, FALSE, FALSE, 0x000000);
      show_wrapped (page, text, MARGIN + 8, 9.5);
    }
  else
    {
      set_font (page, 9.5, FALSE, TRUE, DIM);
      show_line (page, moisson_portrait_get_empty_label (), MARGIN + 8, 9.5);
    }
}

static void
draw_card (cairo_t           *cr,
           MoissonInitiative *team,
           GListModel        *initiatives,
           guint              number,
           guint              total)
{
  const MoissonPortrait *portrait = moisson_initiative_get_portrait (team);
  g_autoptr(GPtrArray) carried = moisson_team_dup_carried (team, initiatives);
  g_autofree char *names = moisson_team_dup_departement_names (team);
  g_autofree char *footer = NULL;
  const char *contact = moisson_initiative_get_contact (team);
  Page page = { cr, MARGIN, FALSE };

  set_font (&page, 10, TRUE, FALSE, ACCENT);
  show_wrapped (&page, names, MARGIN, 10);
  page.y += 2;
  set_font (&page, 17, TRUE, FALSE, 0x000000);
  show_wrapped (&page, moisson_initiative_get_title (team), MARGIN, 17);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, MARGIN, page.y + 2);
  cairo_line_to (cr, PAGE_WIDTH - MARGIN, page.y + 2);
  cairo_stroke (cr);
  page.y += 6;

  show_heading (&page, _("Contact"), contact != NULL && *contact != '\0' ? contact : NULL);
  for (guint h = 0; h < MOISSON_N_PORTRAIT_HEADINGS; h++)
    {
      g_autofree char *text = moisson_portrait_dup_heading (portrait, h);

      show_heading (&page, moisson_portrait_heading_get_label (h), text);
    }

  page.y += 6;
  set_font (&page, 10.5, TRUE, FALSE, ACCENT);
  show_line (&page, _("Initiatives carried"), MARGIN, 10.5);
  set_font (&page, 9.5, FALSE, carried->len == 0, carried->len == 0 ? DIM : 0x000000);
  if (carried->len == 0)
    show_line (&page, moisson_portrait_get_empty_label (), MARGIN + 8, 9.5);
  for (guint i = 0; i < carried->len; i++)
    {
      g_autofree char *item = g_strconcat ("• ", moisson_initiative_get_title (carried->pdata[i]), NULL);

      show_wrapped (&page, item, MARGIN + 8, 9.5);
    }

  /* The source and the page number, always at the foot. */
  set_font (&page, 8, FALSE, FALSE, DIM);
  if (moisson_initiative_get_source (team) != NULL)
    {
      g_autofree char *source = g_strdup_printf (_("Source: %s"), moisson_initiative_get_source (team));
      g_auto(GStrv) lines = wrap (&page, source, PAGE_WIDTH - 2 * MARGIN);

      /* Two lines at most, the last one ending above the page number. */
      for (guint i = 0; lines[i] != NULL && i < 2; i++)
        {
          cairo_move_to (cr, MARGIN, PAGE_HEIGHT - MARGIN - 6 + i * 10);
          cairo_show_text (cr, lines[i]);
        }
    }
  footer = g_strdup_printf ("%u / %u", number, total);
  cairo_move_to (cr, PAGE_WIDTH - MARGIN - text_width (&page, footer), PAGE_HEIGHT - MARGIN + 16);
  cairo_show_text (cr, footer);
}

/**
 * moisson_teams_write_booklet:
 * @teams: (element-type MoissonInitiative): the cards, in order
 * @initiatives: where to find what each team carries
 *
 * A PDF of the cards, one a page, fonts embedded, to print for the table
 * of a workshop. Empty headings say « à compléter », for a pen.
 *
 * Returns: %TRUE if @path was written
 */
gboolean
moisson_teams_write_booklet (GPtrArray   *teams,
                             GListModel  *initiatives,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (teams != NULL, FALSE);
  g_return_val_if_fail (G_IS_LIST_MODEL (initiatives), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_pdf_surface_create_for_stream (moisson_cairo_write_to_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Directory of Innovation Teams"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Moisson " PACKAGE_VERSION);
  cr = cairo_create (surface);
  for (guint i = 0; i < teams->len; i++)
    {
      draw_card (cr, teams->pdata[i], initiatives, i + 1, teams->len);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The booklet cannot be drawn: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  if (!moisson_file_write_atomically (path, (const char *) bytes->data, bytes->len, 0644, error))
    {
      g_prefix_error (error, _("The booklet cannot be written to “%s”: "), path);
      return FALSE;
    }
  return TRUE;
}
