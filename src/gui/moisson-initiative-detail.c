/* moisson-initiative-detail.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-initiative-detail.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

/* Every field of an initiative. Feed text is only ever set as plain text:
 * nothing a feed says is read as markup, and only web and mail links open. */

struct _MoissonInitiativeDetail
{
  GtkWidget parent_instance;

  MoissonInitiative *initiative;

  GtkLabel *title_label;
  GtkLabel *meta_label;
  GtkLabel *freshness_label;
  GtkWidget *contribution_box;
  GtkLabel *contribution_label;
  GtkLabel *look_alike_label;
  GtkLabel *origin_label;
  GtkLabel *duplicate_label;
  GtkFlowBox *fields_box;
  GtkLabel *summary_label;
  GtkLabel *description_label;
  GtkGrid *properties_grid;
  GtkWidget *portrait_box;
  GtkGrid *portrait_grid;
  GtkWidget *spread_box;
  GtkGrid *spread_grid;
  GtkWidget *similar_box;
  GtkListBox *similar_list;
};

G_DEFINE_FINAL_TYPE (MoissonInitiativeDetail, moisson_initiative_detail, GTK_TYPE_WIDGET)

static void
set_text_or_hide (GtkLabel   *label,
                  const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static GtkWidget *
value_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

static int
add_row (GtkGrid    *grid,
         int         row,
         const char *caption,
         GtkWidget  *value)
{
  GtkWidget *caption_label = gtk_label_new (caption);

  gtk_label_set_xalign (GTK_LABEL (caption_label), 0);
  gtk_label_set_yalign (GTK_LABEL (caption_label), 0);
  gtk_widget_add_css_class (caption_label, "dim-label");
  gtk_grid_attach (grid, caption_label, 0, row, 1, 1);
  gtk_grid_attach (grid, value, 1, row, 1, 1);
  return row + 1;
}

static int
add_text_row (GtkGrid    *grid,
              int         row,
              const char *caption,
              const char *text)
{
  if (text == NULL || *text == '\0')
    return row;
  return add_row (grid, row, caption, value_label (text));
}

static int
add_list_row (GtkGrid            *grid,
              int                 row,
              const char         *caption,
              const char * const *items)
{
  g_autofree char *joined = NULL;

  if (items == NULL || items[0] == NULL)
    return row;
  joined = g_strjoinv (", ", (char **) items);
  return add_text_row (grid, row, caption, joined);
}

static GtkWidget *
link_widget (const char *label,
             const char *uri)
{
  if (moisson_uri_is_safe_link (uri))
    {
      GtkWidget *button = gtk_link_button_new_with_label (uri, label != NULL ? label : uri);

      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (button, uri);
      gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), TRUE);
      return button;
    }
  else
    {
      /* Shown, so the reader knows it is there, but never opened. */
      g_autofree char *text = g_strdup_printf (_("%s (not opened: only web and mail addresses open)"), uri);

      return value_label (text);
    }
}

static const char *
departement_name (MoissonAtlas *atlas,
                  const char   *code)
{
  MoissonDepartement *departement = atlas != NULL ? moisson_atlas_lookup (atlas, code) : NULL;

  return departement != NULL ? moisson_departement_get_name (departement) : moisson_insee_get_departement_name (code);
}

static char *
departement_names (MoissonAtlas       *atlas,
                   const char * const *codes,
                   const char         *except)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      const char *name = departement_name (atlas, codes[i]);

      if (g_strcmp0 (codes[i], except) == 0)
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      if (name != NULL)
        g_string_append_printf (names, "%s (%s)", name, codes[i]);
      else
        g_string_append (names, codes[i]);
    }
  return names->len > 0 ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

/* Steps with a year first, by year; the others after, as the feed gives them. */
static int
compare_steps (gconstpointer a,
               gconstpointer b)
{
  const MoissonSpreadStep *x = *(const MoissonSpreadStep * const *) a;
  const MoissonSpreadStep *y = *(const MoissonSpreadStep * const *) b;

  if ((x->year == 0) != (y->year == 0))
    return x->year == 0 ? 1 : -1;
  if (x->year != y->year)
    return x->year < y->year ? -1 : 1;
  return x->role == y->role ? 0 : x->role == MOISSON_SPREAD_ORIGIN ? -1 : 1;
}

/* The timeline of the spread: year, département, and its part in it. */
static void
show_spread (MoissonInitiativeDetail *self,
             MoissonInitiative       *initiative,
             MoissonAtlas            *atlas)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new ();
  guint n = moisson_initiative_get_n_spread_steps (initiative);

  clear_grid (self->spread_grid);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (steps, (gpointer) moisson_initiative_get_spread_step (initiative, i));
  /* Stable: qsort is not, and equal steps keep the feed's order. */
  g_ptr_array_sort (steps, compare_steps);
  for (guint i = 0; i < steps->len; i++)
    {
      const MoissonSpreadStep *step = g_ptr_array_index (steps, i);
      const char *name = departement_name (atlas, step->departement);
      g_autofree char *year = step->year > 0 ? g_strdup_printf ("%d", step->year) : g_strdup ("—");
      g_autofree char *where = name != NULL ? g_strdup_printf ("%s (%s)", name, step->departement)
                                            : g_strdup (step->departement);
      /* TRANSLATORS: a département, then the part it played: "Drôme (26) · started it" */
      g_autofree char *text = g_strdup_printf ("%s · %s", where,
                                               step->role == MOISSON_SPREAD_ORIGIN ? _("started it") : _("took it up"));

      add_row (self->spread_grid, i, year, value_label (text));
    }
  gtk_widget_set_visible (self->spread_box, n > 0);
}

static void
draw_dot (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        data)
{
  GdkRGBA *color = data;

  gdk_cairo_set_source_rgba (cr, color);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

static GtkWidget *
field_chip (const MoissonField *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dot = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (field->label);
  GdkRGBA *color = g_new (GdkRGBA, 1);

  /* A long field wraps: the side panel keeps its width. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);

  if (field->color == NULL || !gdk_rgba_parse (color, field->color))
    gdk_rgba_parse (color, "#888888");
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (dot), 10);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (dot), 10);
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (dot), draw_dot, color, g_free);
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "field-chip");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, field->label, -1);
  return box;
}

static void
moisson_initiative_detail_dispose (GObject *object)
{
  MoissonInitiativeDetail *self = (MoissonInitiativeDetail *) object;
  GtkWidget *child;

  g_clear_object (&self->initiative);
  gtk_widget_dispose_template (GTK_WIDGET (self), MOISSON_TYPE_INITIATIVE_DETAIL);
  /* The template's top widget is not a bound child: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (moisson_initiative_detail_parent_class)->dispose (object);
}

static void
moisson_initiative_detail_class_init (MoissonInitiativeDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_initiative_detail_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-initiative-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, meta_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, freshness_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, contribution_box);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, contribution_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, look_alike_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, origin_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, duplicate_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, fields_box);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, description_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, properties_grid);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, portrait_box);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, portrait_grid);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, spread_box);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, spread_grid);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, similar_box);
  gtk_widget_class_bind_template_child (widget_class, MoissonInitiativeDetail, similar_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
moisson_initiative_detail_init (MoissonInitiativeDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MoissonInitiative *
moisson_initiative_detail_get_initiative (MoissonInitiativeDetail *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE_DETAIL (self), NULL);
  return self->initiative;
}

/**
 * moisson_initiative_detail_show:
 * @context_code: (nullable): the département it is shown from: the
 *   others are listed as "also in"
 */
void
moisson_initiative_detail_show (MoissonInitiativeDetail *self,
                                MoissonInitiative       *initiative,
                                MoissonFeed             *feed,
                                MoissonAtlas            *atlas,
                                const char              *context_code)
{
  const char * const *codes;
  const char * const *fields;
  const char * const *extra;
  const MoissonPortrait *portrait;
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *elsewhere = NULL;
  GtkWidget *child;
  double lon, lat;
  int row = 0;

  g_return_if_fail (MOISSON_IS_INITIATIVE_DETAIL (self));
  g_return_if_fail (MOISSON_IS_INITIATIVE (initiative));

  g_set_object (&self->initiative, initiative);

  gtk_label_set_text (self->title_label, moisson_initiative_get_title (initiative));
  g_string_append (meta, moisson_kind_get_label (moisson_initiative_get_kind (initiative)));
  if (moisson_initiative_get_status (initiative) != MOISSON_STATUS_UNKNOWN)
    g_string_append_printf (meta, " · %s", moisson_status_get_label (moisson_initiative_get_status (initiative)));
  if (moisson_initiative_get_year (initiative) > 0)
    g_string_append_printf (meta, " · %d", moisson_initiative_get_year (initiative));
  gtk_label_set_text (self->meta_label, meta->str);

  /* How old the record is, and whether it is to be checked. */
  {
    g_autofree char *age = moisson_initiative_dup_age_label (initiative, NULL);
    gboolean stale = moisson_initiative_is_stale (initiative, NULL);
    g_autofree char *text = stale ? g_strdup_printf (_("To check · %s"), age) : g_strdup (age);

    set_text_or_hide (self->freshness_label, text);
    if (stale)
      {
        gtk_widget_add_css_class (GTK_WIDGET (self->freshness_label), "warning");
        gtk_widget_remove_css_class (GTK_WIDGET (self->freshness_label), "dim-label");
      }
    else
      {
        gtk_widget_add_css_class (GTK_WIDGET (self->freshness_label), "dim-label");
        gtk_widget_remove_css_class (GTK_WIDGET (self->freshness_label), "warning");
      }
  }

  /* Who added it in which workshop, and the way to change it. */
  if (moisson_initiative_get_contribution (initiative) != NULL)
    {
      const MoissonContribution *contribution = moisson_initiative_get_contribution (initiative);
      g_autoptr(GString) text = g_string_new (moisson_initiative_get_contribution_label (initiative));

      if (contribution->author != NULL)
        g_string_append_printf (text, _(" · by %s"), contribution->author);
      if (contribution->workshop != NULL)
        g_string_append_printf (text, " · %s", contribution->workshop);
      switch (contribution->sync)
        {
        case MOISSON_SYNC_SENT:
          g_string_append (text, _(" · sent, waiting for a moderator"));
          break;
        case MOISSON_SYNC_ACCEPTED:
          g_string_append (text, _(" · accepted on the server"));
          break;
        case MOISSON_SYNC_REFUSED:
          g_string_append_printf (text, _(" · refused: %s"),
                                  contribution->sync_error ? contribution->sync_error : _("no reason given"));
          break;
        case MOISSON_SYNC_FAILED:
          g_string_append_printf (text, _(" · not sent yet: %s"), contribution->sync_error ? contribution->sync_error : "");
          break;
        case MOISSON_SYNC_LOCAL:
        default:
          g_string_append (text, _(" · on this computer only"));
        }
      gtk_label_set_text (self->contribution_label, text->str);
    }
  gtk_widget_set_visible (self->contribution_box, moisson_initiative_get_contribution (initiative) != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box))) != NULL)
    gtk_flow_box_remove (self->fields_box, child);
  fields = moisson_initiative_get_fields (initiative);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const MoissonField *field = feed != NULL ? moisson_feed_lookup_field (feed, fields[i]) : NULL;

      if (field != NULL)
        gtk_flow_box_append (self->fields_box, field_chip (field));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->fields_box), fields[0] != NULL);

  set_text_or_hide (self->summary_label, moisson_initiative_get_summary (initiative));
  set_text_or_hide (self->description_label, moisson_initiative_get_description (initiative));

  clear_grid (self->properties_grid);
  codes = moisson_initiative_get_departements (initiative);
  if (context_code != NULL && moisson_initiative_has_departement (initiative, context_code))
    {
      elsewhere = departement_names (atlas, codes, context_code);
      row = add_text_row (self->properties_grid, row, _("Also in"), elsewhere);
    }
  else
    {
      g_autofree char *all = departement_names (atlas, codes, NULL);

      row = add_text_row (self->properties_grid, row,
                          codes[0] != NULL && codes[1] != NULL ? _("Départements") : _("Département"), all);
    }
  row = add_list_row (self->properties_grid, row, _("Actors"), moisson_initiative_get_actors (initiative));
  row = add_list_row (self->properties_grid, row, _("Partners"), moisson_initiative_get_partners (initiative));
  row = add_text_row (self->properties_grid, row, _("Contact"), moisson_initiative_get_contact (initiative));
  for (guint i = 0; i < moisson_initiative_get_n_links (initiative); i++)
    {
      const MoissonLink *link = moisson_initiative_get_link (initiative, i);

      row = add_row (self->properties_grid, row, i == 0 ? _("Links") : "", link_widget (link->label, link->url));
    }
  row = add_list_row (self->properties_grid, row, _("Tags"), moisson_initiative_get_tags (initiative));
  if (moisson_initiative_get_location (initiative, &lon, &lat))
    {
      g_autofree char *where = g_strdup_printf ("%.4f° %s, %.4f° %s", fabs (lat), lat >= 0 ? "N" : "S",
                                                fabs (lon), lon >= 0 ? "E" : _("W"));
      row = add_text_row (self->properties_grid, row, _("Location"), where);
    }
  extra = moisson_initiative_get_extra (initiative);
  for (guint i = 0; extra[i] != NULL && extra[i + 1] != NULL; i += 2)
    row = add_text_row (self->properties_grid, row, extra[i], extra[i + 1]);
  row = add_text_row (self->properties_grid, row, _("Source"), moisson_initiative_get_source (initiative));
  if (moisson_initiative_get_source_url (initiative) != NULL)
    row = add_row (self->properties_grid, row, moisson_initiative_get_source (initiative) ? "" : _("Source"),
                   link_widget (NULL, moisson_initiative_get_source_url (initiative)));
  row = add_text_row (self->properties_grid, row, _("Updated"), moisson_initiative_get_updated (initiative));

  show_spread (self, initiative, atlas);

  clear_grid (self->portrait_grid);
  portrait = moisson_initiative_get_portrait (initiative);
  row = 0;
  if (portrait != NULL)
    {
      row = add_text_row (self->portrait_grid, row, _("Vision and values"), portrait->vision);
      row = add_text_row (self->portrait_grid, row, _("Activities"), portrait->activities);
      row = add_text_row (self->portrait_grid, row, _("Methods"), portrait->methods);
      row = add_text_row (self->portrait_grid, row, _("Team"), portrait->team);
      row = add_text_row (self->portrait_grid, row, _("Budget"), portrait->budget);
      row = add_text_row (self->portrait_grid, row, _("Place"), portrait->place);
      row = add_text_row (self->portrait_grid, row, _("Communication"), portrait->communication);
      row = add_text_row (self->portrait_grid, row, _("Governance"), portrait->governance);
    }
  gtk_widget_set_visible (self->portrait_box, row > 0);
}

/* Initiatives this contribution may duplicate: same département, a
 * look-alike title. */
void
moisson_initiative_detail_set_look_alikes (MoissonInitiativeDetail *self,
                                           GPtrArray               *titles)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (MOISSON_IS_INITIATIVE_DETAIL (self));

  for (guint i = 0; titles != NULL && i < titles->len; i++)
    g_string_append_printf (text, "%s« %s »", text->len ? ", " : "", (char *) g_ptr_array_index (titles, i));
  if (text->len > 0)
    {
      g_autofree char *message = g_strdup_printf (_("Possible duplicate of %s"), text->str);
      gtk_label_set_text (self->look_alike_label, message);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->look_alike_label), text->len > 0);
}

/**
 * moisson_initiative_detail_set_origin:
 * @source: (nullable): the name of the source it comes from, shown when
 *   there are several; %NULL to show none
 * @duplicate: (nullable): the title of an initiative of another source in
 *   one of its départements, with a title like its own
 * @duplicate_source: (nullable): the name of that one's source
 */
void
moisson_initiative_detail_set_origin (MoissonInitiativeDetail *self,
                                      const char              *source,
                                      const char              *duplicate,
                                      const char              *duplicate_source)
{
  g_autofree char *from = NULL;
  g_autofree char *alike = NULL;

  g_return_if_fail (MOISSON_IS_INITIATIVE_DETAIL (self));

  if (source != NULL)
    {
      /* TRANSLATORS: the name of the file or feed an initiative comes from */
      from = g_strdup_printf (_("From “%s”"), source);
      gtk_label_set_text (self->origin_label, from);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->origin_label), source != NULL);
  if (duplicate != NULL)
    {
      /* TRANSLATORS: an initiative's title, then the name of its source */
      alike = g_strdup_printf (_("Possibly the same as “%s” from “%s”: both are kept."), duplicate,
                               duplicate_source != NULL ? duplicate_source : "");
      gtk_label_set_text (self->duplicate_label, alike);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->duplicate_label), duplicate != NULL);
}

/**
 * moisson_initiative_detail_set_similar:
 * @matches: (element-type MoissonSimilarMatch) (nullable): « Semblables
 *   ailleurs »: initiatives like this one in other départements, best first
 * @atlas: (nullable): names their départements
 *
 * Each is shown with its départements and its contact, and opens through
 * the window's "win.open-initiative".
 */
void
moisson_initiative_detail_set_similar (MoissonInitiativeDetail *self,
                                       GArray                  *matches,
                                       MoissonAtlas            *atlas)
{
  GtkWidget *child;

  g_return_if_fail (MOISSON_IS_INITIATIVE_DETAIL (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->similar_list))) != NULL)
    gtk_list_box_remove (self->similar_list, child);
  for (guint i = 0; matches != NULL && i < matches->len; i++)
    {
      MoissonInitiative *initiative = g_array_index (matches, MoissonSimilarMatch, i).initiative;
      g_autofree char *where = departement_names (atlas, moisson_initiative_get_departements (initiative), NULL);
      const char *contact = moisson_initiative_get_contact (initiative);
      g_autofree char *subtitle = contact != NULL ? g_strdup_printf ("%s · %s", where ? where : "", contact) : g_strdup (where);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *open = gtk_button_new_from_icon_name ("go-next-symbolic");

      /* Feed text is never markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), moisson_initiative_get_title (initiative));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (open, "flat");
      gtk_widget_set_tooltip_text (open, _("Open"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open"), -1);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "s", moisson_initiative_get_id (initiative));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "win.open-initiative");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), open);
      gtk_list_box_append (self->similar_list, row);
    }
  gtk_widget_set_visible (self->similar_box, matches != NULL && matches->len > 0);
}
