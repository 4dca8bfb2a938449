/* moisson-side-panel.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-side-panel.h"
#include "moisson-side-panel-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "moisson-contribution-form.h"
#include "moisson-departement-list.h"
#include "moisson-initiative-detail.h"
#include "moisson-keyboard.h"

/* The selected département and its initiatives — or all of them when
 * none is selected — and the details of one. */

G_DEFINE_FINAL_TYPE (MoissonSidePanel, moisson_side_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DEPARTEMENT,
  PROP_SHOWN_INITIATIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A commune lists the initiatives of its département, where they count. */
const char *
_moisson_side_panel_get_counted_code (MoissonSidePanel *self)
{
  return self->departement != NULL ? moisson_insee_get_counted_code (moisson_departement_get_code (self->departement))
                                   : NULL;
}

static gboolean
in_selected_departement (gpointer item,
                         gpointer user_data)
{
  MoissonSidePanel *self = user_data;

  return self->departement == NULL || moisson_initiative_has_departement (item, _moisson_side_panel_get_counted_code (self));
}

/* Sorting by département puts an initiative under its first one. */
static int
compare_departements (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const char *code_a = moisson_initiative_get_departements ((MoissonInitiative *) a)[0];
  const char *code_b = moisson_initiative_get_departements ((MoissonInitiative *) b)[0];
  int order = g_strcmp0 (code_a, code_b);

  if (order == 0)
    order = g_utf8_collate (moisson_initiative_get_title ((MoissonInitiative *) a),
                            moisson_initiative_get_title ((MoissonInitiative *) b));
  return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* Most recent first; unknown years last. */
static int
compare_years (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  int year_a = moisson_initiative_get_year ((MoissonInitiative *) a);
  int year_b = moisson_initiative_get_year ((MoissonInitiative *) b);

  if (year_a == year_b)
    return GTK_ORDERING_EQUAL;
  if (year_a == 0)
    return GTK_ORDERING_LARGER;
  if (year_b == 0)
    return GTK_ORDERING_SMALLER;
  return year_a > year_b ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
}

static GtkSorter *
make_sorter (guint order)
{
  GtkStringSorter *by_title;

  switch (order)
    {
    case 1:
      return GTK_SORTER (gtk_custom_sorter_new (compare_departements, NULL, NULL));
    case 2:
      return GTK_SORTER (gtk_custom_sorter_new (compare_years, NULL, NULL));
    default:
      by_title = gtk_string_sorter_new (gtk_property_expression_new (MOISSON_TYPE_INITIATIVE, NULL, "title"));
      gtk_string_sorter_set_ignore_case (by_title, TRUE);
      return GTK_SORTER (by_title);
    }
}

static void
update_header (MoissonSidePanel *self)
{
  guint n = self->sorted != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) : 0;
  guint in_scope = self->in_departement != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->in_departement)) : 0;
  g_autofree char *count = NULL;
  const char *code, *counted;
  gboolean is_commune;
  g_autofree char *criteria = self->criteria != NULL
                                ? moisson_filter_describe (self->criteria, moisson_initiative_store_get_feed (self->store))
                                : NULL;

  /* A finer level: the initiatives listed are its département's. */
  code = self->departement != NULL ? moisson_departement_get_code (self->departement) : NULL;
  counted = moisson_insee_get_counted_code (code);
  is_commune = code != NULL && g_strcmp0 (code, counted) != 0;
  gtk_widget_set_visible (self->departement_caption, is_commune);
  gtk_widget_set_visible (GTK_WIDGET (self->departement_label), is_commune);
  if (self->departement != NULL)
    {
      const char *region = moisson_departement_get_region_name (self->departement);

      if (region == NULL)
        region = moisson_departement_get_region_code (self->departement);
      gtk_label_set_text (self->name_label, moisson_departement_get_name (self->departement));
      gtk_label_set_text (self->code_label, moisson_departement_get_code (self->departement));
      gtk_label_set_text (self->region_label, region != NULL ? region : _("Unknown"));
      gtk_widget_set_visible (self->info_grid, TRUE);
      adw_status_page_set_title (self->empty_status, _("No Initiative Known Here"));
      if (is_commune)
        {
          const char *name = moisson_insee_get_departement_name (counted);
          g_autofree char *where = g_strdup_printf ("%s (%s)", name != NULL ? name : counted, counted);

          gtk_label_set_text (self->departement_label, where);
          adw_status_page_set_description (self->empty_status,
                                           _("None of the initiatives of the feed is in the département of this commune yet."));
        }
      else
        adw_status_page_set_description (self->empty_status,
                                         _("None of the initiatives of the feed is in this département yet."));
    }
  else
    {
      gtk_label_set_text (self->name_label, _("All Initiatives"));
      gtk_widget_set_visible (self->info_grid, FALSE);
      adw_status_page_set_title (self->empty_status, _("No Initiatives"));
      /* The feed is read once the boundaries are: a large file takes a
       * while, and the feed is not empty meanwhile. */
      if (self->store != NULL && moisson_initiative_store_get_feed (self->store) == NULL)
        adw_status_page_set_description (self->empty_status, _("The initiatives show once the feed is loaded."));
      else
        adw_status_page_set_description (self->empty_status, _("The feed holds no initiative."));
    }

  if (criteria != NULL)
    {
      g_autofree char *summary = NULL;

      g_autofree char *of = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u initiative of %u", "%u initiatives of %u", n),
                                             n, in_scope);

      summary = g_strdup_printf (_("%s · filters: %s"), of, criteria);
      gtk_label_set_text (self->summary_label, summary);
    }
  if (is_commune)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u initiative in its département", "%u initiatives in its département", n), n);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u initiative", "%u initiatives", n), n);
  gtk_label_set_text (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), criteria != NULL);
  gtk_widget_set_visible (self->clear_button, criteria != NULL);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "items" : "empty");
}

/* Starts the list over at its first row. GTK 4.8 has no
 * gtk_list_view_scroll_to (), and the adjustment cannot be set while the
 * list is hidden (under the open filters); given its model again, a list
 * view starts at the top. */
static void
scroll_list_to_top (MoissonSidePanel *self)
{
  gtk_list_view_set_model (self->list_view, NULL);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

/* While items-changed is handled, what the list showed before: the list
 * view updates its adjustment at its next allocation. */
static gboolean
list_was_at_top (MoissonSidePanel *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

  return gtk_adjustment_get_value (adjustment) <= gtk_adjustment_get_lower (adjustment);
}

static void
on_items_changed_cb (MoissonSidePanel *self)
{
  /* Another list (other criteria, another département or order) shows from
   * its first row, and so does a list read from its top as rows come and
   * go: the feed arriving after the last session's view, another feed.
   * Otherwise the list view keeps the row in sight, wherever it went. */
  if (self->new_list || list_was_at_top (self))
    scroll_list_to_top (self);
  update_header (self);
}

static void
set_shown (MoissonSidePanel  *self,
           MoissonInitiative *initiative)
{
  if (initiative != NULL)
    {
      g_autoptr(GPtrArray) look_alikes = g_ptr_array_new_with_free_func (g_free);

      /* A contribution that may be entered twice says so. */
      if (moisson_initiative_get_contribution (initiative) != NULL)
        {
          g_autoptr(GPtrArray) mine = g_ptr_array_new ();
          g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);
          g_autoptr(GPtrArray) pairs = NULL;

          g_ptr_array_add (mine, initiative);
          for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->store)); i++)
            g_ptr_array_add (others, g_list_model_get_item (G_LIST_MODEL (self->store), i));
          pairs = moisson_find_duplicates (mine, others);
          for (guint i = 0; i < pairs->len; i++)
            g_ptr_array_add (look_alikes,
                             g_strdup (moisson_initiative_get_title (((MoissonDuplicate *) pairs->pdata[i])->other)));
        }
      moisson_initiative_detail_show (self->detail, initiative,
                                      moisson_initiative_store_get_feed (self->store), self->atlas,
                                      self->departement ? moisson_departement_get_code (self->departement) : NULL);
      moisson_initiative_detail_set_look_alikes (self->detail, look_alikes);
      gtk_stack_set_visible_child_name (self->stack, "detail");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN_INITIATIVE]);
}

static void
on_list_view_activate_cb (MoissonSidePanel *self,
                          guint             position,
                          GtkListView      *list_view)
{
  g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  set_shown (self, initiative);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  set_shown (MOISSON_SIDE_PANEL (widget), NULL);
}

static void
on_sort_dropdown_selected_cb (MoissonSidePanel *self,
                              GParamSpec       *pspec,
                              GtkDropDown      *dropdown)
{
  g_autoptr(GtkSorter) sorter = make_sorter (gtk_drop_down_get_selected (dropdown));

  self->new_list = TRUE;
  gtk_sort_list_model_set_sorter (self->sorted, sorter);
  self->new_list = FALSE;
}

/* Connected before the list follows the criteria: what it does then
 * makes a new list. */
static void
on_criteria_changing_cb (MoissonSidePanel *self)
{
  self->new_list = TRUE;
}

/* The list followed the criteria by itself, before this runs. */
static void
on_criteria_changed_cb (MoissonSidePanel *self,
                        int               change,
                        MoissonFilter    *criteria)
{
  self->new_list = FALSE;
  _moisson_side_panel_sync_facets (self);
  update_header (self);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MoissonSidePanel *self = MOISSON_SIDE_PANEL (widget);

  set_shown (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The panel is as wide as its width-request, or as the user dragged the
 * paned, whatever it shows: the list, the filters, a detail or the form
 * would each ask for another width, and the map beside it would move at
 * each change, under the pointer. What cannot narrow that far is clipped. */
static void
moisson_side_panel_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);
  int child_width;

  *minimum = *natural = 0;
  if (child == NULL || orientation == GTK_ORIENTATION_HORIZONTAL)
    return;
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_width, NULL, NULL, NULL);
  gtk_widget_measure (child, orientation, for_size < 0 ? -1 : MAX (for_size, child_width),
                      minimum, natural, NULL, NULL);
}

static void
moisson_side_panel_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);
  int child_width;

  if (child == NULL)
    return;
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_width, NULL, NULL, NULL);
  gtk_widget_allocate (child, MAX (width, child_width), height, baseline, NULL);
}

static void
moisson_side_panel_dispose (GObject *object)
{
  MoissonSidePanel *self = (MoissonSidePanel *) object;
  GtkWidget *child;

  if (self->sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->sorted, self);
  if (self->criteria != NULL)
    g_signal_handlers_disconnect_by_data (self->criteria, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->in_departement);
  g_clear_object (&self->criteria);
  g_clear_object (&self->departement);
  g_clear_object (&self->store);
  g_clear_object (&self->atlas);
  gtk_widget_dispose_template (GTK_WIDGET (self), MOISSON_TYPE_SIDE_PANEL);
  /* The template's top widget is not a bound child: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (moisson_side_panel_parent_class)->dispose (object);
}

static void
moisson_side_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MoissonSidePanel *self = MOISSON_SIDE_PANEL (object);

  switch (prop_id)
    {
    case PROP_DEPARTEMENT:
      g_value_set_object (value, self->departement);
      break;
    case PROP_SHOWN_INITIATIVE:
      g_value_set_object (value, moisson_side_panel_get_shown_initiative (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moisson_side_panel_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MoissonSidePanel *self = MOISSON_SIDE_PANEL (object);

  switch (prop_id)
    {
    case PROP_DEPARTEMENT:
      moisson_side_panel_set_departement (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moisson_side_panel_class_init (MoissonSidePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_side_panel_dispose;
  object_class->get_property = moisson_side_panel_get_property;
  object_class->set_property = moisson_side_panel_set_property;
  widget_class->measure = moisson_side_panel_measure;
  widget_class->size_allocate = moisson_side_panel_size_allocate;

  properties[PROP_DEPARTEMENT] =
    g_param_spec_object ("departement", NULL, NULL, MOISSON_TYPE_DEPARTEMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOWN_INITIATIVE] =
    g_param_spec_object ("shown-initiative", NULL, NULL, MOISSON_TYPE_INITIATIVE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MOISSON_TYPE_INITIATIVE_DETAIL);
  g_type_ensure (MOISSON_TYPE_DEPARTEMENT_LIST);
  g_type_ensure (MOISSON_TYPE_SOURCE_LIST);
  g_type_ensure (MOISSON_TYPE_CONTRIBUTION_FORM);
  g_type_ensure (MOISSON_TYPE_INITIATIVE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-side-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, stack);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, info_grid);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, code_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, region_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, departement_caption);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, departement_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, count_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, filters_expander);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, source_list);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, fields_box);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, match_all_switch);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, kinds_box);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, statuses_box);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, freshness_box);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, reviews_box);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, regions_box);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, first_year_spin);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, last_year_spin);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, clear_button);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, list_view);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, empty_status);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, detail);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, form);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, departement_list);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sort_dropdown_selected_cb);
  _moisson_side_panel_class_init_facets (widget_class);

  gtk_widget_class_install_action (widget_class, "panel.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "panel.back", NULL);
  gtk_widget_class_install_action (widget_class, "panel.focus-search", NULL, focus_search_action);

  gtk_widget_class_set_css_name (widget_class, "moisson-side-panel");
}

/* Each row from its template, as GtkBuilderListItemFactory would build it;
 * built here so that binding a row can name it too. */
static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  static GBytes *row_template;
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  if (g_once_init_enter (&row_template))
    g_once_init_leave (&row_template,
                               g_resources_lookup_data ("/io/github/moisson/Moisson/moisson-initiative-row.ui", 0, NULL));
  data = g_bytes_get_data (row_template, &length);
  gtk_builder_set_current_object (builder, G_OBJECT (item));
  if (!gtk_builder_extend_with_template (builder, G_OBJECT (item), GTK_TYPE_LIST_ITEM, data, (gssize) length, &error))
    g_critical ("The row template cannot be read: %s", error->message);
}

/* What a screen reader says of a row: « Agrilocal, Drôme et Puy-de-Dôme,
 * projet en cours ». GTK 4.8 has no accessible label for list items (it
 * came in 4.12): it is set on the widget GtkListView focuses, the parent
 * of the item's child. */
static void
name_row (MoissonSidePanel *self,
          GtkListItem      *item)
{
  MoissonInitiative *initiative = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  GtkWidget *row = child != NULL ? gtk_widget_get_parent (child) : NULL;
  g_autoptr(GPtrArray) places = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *where = NULL;
  g_autofree char *what = NULL;
  g_autofree char *what_lower = NULL;
  g_autofree char *name = NULL;
  const char * const *codes;

  if (initiative == NULL || row == NULL)
    return;
  codes = moisson_initiative_get_departements (initiative);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      MoissonDepartement *departement = self->atlas != NULL ? moisson_atlas_lookup (self->atlas, codes[i]) : NULL;

      g_ptr_array_add (places, g_strdup (departement != NULL ? moisson_departement_get_name (departement) : codes[i]));
    }
  if (places->len > 1)
    {
      g_autofree char *last = g_ptr_array_steal_index (places, places->len - 1);
      g_autofree char *first = NULL;

      g_ptr_array_add (places, NULL);
      first = g_strjoinv (", ", (char **) places->pdata);
      /* TRANSLATORS: the last two of an initiative's départements */
      where = g_strdup_printf (_("%s and %s"), first, last);
    }
  else if (places->len == 1)
    where = g_strdup (g_ptr_array_index (places, 0));
  what = g_strdup_printf ("%s %s", moisson_kind_get_label (moisson_initiative_get_kind (initiative)),
                          moisson_status_get_label (moisson_initiative_get_status (initiative)));
  what_lower = g_utf8_strdown (what, -1);
  name = g_strjoin (", ", moisson_initiative_get_title (initiative), where != NULL ? where : _("no département"),
                    what_lower, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
moisson_side_panel_init (MoissonSidePanel *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  moisson_keyboard_tab_leaves (GTK_WIDGET (self->list_view));

  /* An empty store until data arrives; the chain stays the same after. */
  self->store = moisson_initiative_store_new ();
  self->criteria = moisson_filter_new ();
  self->departement_filter = gtk_custom_filter_new (in_selected_departement, self, NULL);
  self->in_departement = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                                    GTK_FILTER (self->departement_filter));
  /* Connected to the criteria between the panel's two handlers: the list
   * is up to date when the header counts it. */
  g_signal_connect_swapped (self->criteria, "changed", G_CALLBACK (on_criteria_changing_cb), self);
  self->filtered = moisson_match_list_new (G_LIST_MODEL (self->store), self->criteria);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)), make_sorter (0));
  self->selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  g_signal_connect_swapped (self->sorted, "items-changed", G_CALLBACK (on_items_changed_cb), self);
  g_signal_connect_swapped (self->criteria, "changed", G_CALLBACK (on_criteria_changed_cb), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect_swapped (factory, "bind", G_CALLBACK (name_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  _moisson_side_panel_build_facets (self);
  _moisson_side_panel_sync_facets (self);
  update_header (self);
}

MoissonDepartement *
moisson_side_panel_get_departement (MoissonSidePanel *self)
{
  g_return_val_if_fail (MOISSON_IS_SIDE_PANEL (self), NULL);

  return self->departement;
}

void
moisson_side_panel_set_departement (MoissonSidePanel   *self,
                                    MoissonDepartement *departement)
{
  g_return_if_fail (MOISSON_IS_SIDE_PANEL (self));
  g_return_if_fail (departement == NULL || MOISSON_IS_DEPARTEMENT (departement));

  if (!g_set_object (&self->departement, departement))
    return;

  self->new_list = TRUE;
  gtk_filter_changed (GTK_FILTER (self->departement_filter), GTK_FILTER_CHANGE_DIFFERENT);
  moisson_match_list_set_departement (self->filtered, _moisson_side_panel_get_counted_code (self));
  self->new_list = FALSE;
  _moisson_side_panel_sync_facets (self);
  update_header (self);
  /* The form stays open: clicks on the map fill it. */
  if (!moisson_side_panel_is_editing (self))
    set_shown (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPARTEMENT]);
}

/* The initiatives and the boundaries they are placed on. */
void
moisson_side_panel_set_data (MoissonSidePanel       *self,
                             MoissonInitiativeStore *store,
                             MoissonAtlas           *atlas)
{
  g_return_if_fail (MOISSON_IS_SIDE_PANEL (self));
  g_return_if_fail (MOISSON_IS_INITIATIVE_STORE (store));

  g_set_object (&self->atlas, atlas);
  if (g_set_object (&self->store, store))
    {
      gtk_filter_list_model_set_model (self->in_departement, G_LIST_MODEL (store));
      moisson_match_list_set_model (self->filtered, G_LIST_MODEL (store));
    }
  _moisson_side_panel_build_facets (self);
  _moisson_side_panel_sync_facets (self);
  update_header (self);
}

/* What the list shows, in its order. */
GListModel *
moisson_side_panel_get_list_model (MoissonSidePanel *self)
{
  g_return_val_if_fail (MOISSON_IS_SIDE_PANEL (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

void
moisson_side_panel_show_initiative (MoissonSidePanel  *self,
                                    MoissonInitiative *initiative)
{
  g_return_if_fail (MOISSON_IS_SIDE_PANEL (self));

  set_shown (self, initiative);
}

MoissonInitiative *
moisson_side_panel_get_shown_initiative (MoissonSidePanel *self)
{
  g_return_val_if_fail (MOISSON_IS_SIDE_PANEL (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "detail") != 0)
    return NULL;
  return moisson_initiative_detail_get_initiative (self->detail);
}

/* The criteria the panel edits: the session's. */
MoissonFilter *
moisson_side_panel_get_filter (MoissonSidePanel *self)
{
  g_return_val_if_fail (MOISSON_IS_SIDE_PANEL (self), NULL);

  return self->criteria;
}

/* Edits @criteria from now on: the owner's, which the map reads too. */
void
moisson_side_panel_set_filter (MoissonSidePanel *self,
                               MoissonFilter    *criteria)
{
  g_return_if_fail (MOISSON_IS_SIDE_PANEL (self));
  g_return_if_fail (MOISSON_IS_FILTER (criteria));

  if (self->criteria == criteria)
    return;
  g_signal_handlers_disconnect_by_data (self->criteria, self);
  g_set_object (&self->criteria, criteria);
  g_signal_connect_swapped (self->criteria, "changed", G_CALLBACK (on_criteria_changing_cb), self);
  on_criteria_changing_cb (self);
  moisson_match_list_set_filter (self->filtered, criteria);
  g_signal_connect_swapped (self->criteria, "changed", G_CALLBACK (on_criteria_changed_cb), self);
  on_criteria_changed_cb (self, MOISSON_FILTER_CHANGE_DIFFERENT, criteria);
}

MoissonContributionForm *
moisson_side_panel_get_form (MoissonSidePanel *self)
{
  g_return_val_if_fail (MOISSON_IS_SIDE_PANEL (self), NULL);

  return self->form;
}

MoissonDepartementList *
moisson_side_panel_get_departement_list (MoissonSidePanel *self)
{
  g_return_val_if_fail (MOISSON_IS_SIDE_PANEL (self), NULL);

  return self->departement_list;
}

MoissonInitiativeDetail *
moisson_side_panel_get_detail (MoissonSidePanel *self)
{
  g_return_val_if_fail (MOISSON_IS_SIDE_PANEL (self), NULL);

  return self->detail;
}

MoissonSourceList *
moisson_side_panel_get_source_list (MoissonSidePanel *self)
{
  g_return_val_if_fail (MOISSON_IS_SIDE_PANEL (self), NULL);

  return self->source_list;
}

/* Shows the form; the caller has filled it with moisson_contribution_form_start (). */
void
moisson_side_panel_show_form (MoissonSidePanel *self)
{
  g_return_if_fail (MOISSON_IS_SIDE_PANEL (self));

  gtk_stack_set_visible_child_name (self->stack, "form");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN_INITIATIVE]);
}

/* Back to the list, or to @initiative's details. */
void
moisson_side_panel_close_form (MoissonSidePanel  *self,
                               MoissonInitiative *initiative)
{
  g_return_if_fail (MOISSON_IS_SIDE_PANEL (self));

  set_shown (self, initiative);
}

gboolean
moisson_side_panel_is_editing (MoissonSidePanel *self)
{
  g_return_val_if_fail (MOISSON_IS_SIDE_PANEL (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") == 0;
}

/**
 * moisson_side_panel_get_area:
 *
 * Returns: (transfer none): where F6 takes the keyboard in the panel: the
 *   search box with the filters below it, the list, or the detail of the
 *   initiative on show
 */
GtkWidget *
moisson_side_panel_get_area (MoissonSidePanel     *self,
                             MoissonSidePanelArea  area)
{
  g_return_val_if_fail (MOISSON_IS_SIDE_PANEL (self), NULL);

  switch (area)
    {
    case MOISSON_SIDE_PANEL_AREA_SEARCH:
      return GTK_WIDGET (self->search_entry);
    case MOISSON_SIDE_PANEL_AREA_LIST:
      return GTK_WIDGET (self->list_view);
    case MOISSON_SIDE_PANEL_AREA_DETAIL:
    default:
      return GTK_WIDGET (self->detail);
    }
}

/* Whether the detail of an initiative shows, rather than the list. */
gboolean
moisson_side_panel_shows_detail (MoissonSidePanel *self)
{
  g_return_val_if_fail (MOISSON_IS_SIDE_PANEL (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "detail") == 0;
}
