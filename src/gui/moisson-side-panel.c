/* moisson-side-panel.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-side-panel.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "moisson-initiative-detail.h"

/* The selected département and its initiatives — or all of them when
 * none is selected — and the details of one. */

struct _MoissonSidePanel
{
  GtkWidget parent_instance;

  MoissonDepartement *departement;
  MoissonInitiativeStore *store;
  MoissonAtlas *atlas;
  GtkFilterListModel *filtered;
  GtkCustomFilter *filter;
  GtkSortListModel *sorted;
  GtkNoSelection *selection;

  GtkStack *stack;
  GtkLabel *name_label;
  GtkWidget *info_grid;
  GtkLabel *code_label;
  GtkLabel *region_label;
  GtkLabel *count_label;
  GtkStack *list_stack;
  GtkListView *list_view;
  AdwStatusPage *empty_status;
  MoissonInitiativeDetail *detail;
};

G_DEFINE_FINAL_TYPE (MoissonSidePanel, moisson_side_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DEPARTEMENT,
  PROP_SHOWN_INITIATIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
in_selected_departement (gpointer item,
                         gpointer user_data)
{
  MoissonSidePanel *self = user_data;

  return self->departement == NULL ||
         moisson_initiative_has_departement (item, moisson_departement_get_code (self->departement));
}

static void
update_header (MoissonSidePanel *self)
{
  guint n = self->sorted != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) : 0;
  g_autofree char *count = NULL;

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
      adw_status_page_set_description (self->empty_status,
                                       _("None of the initiatives of the feed is in this département yet."));
    }
  else
    {
      gtk_label_set_text (self->name_label, _("All Initiatives"));
      gtk_widget_set_visible (self->info_grid, FALSE);
      adw_status_page_set_title (self->empty_status, _("No Initiatives"));
      adw_status_page_set_description (self->empty_status, _("The feed holds no initiative."));
    }

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u initiative", "%u initiatives", n), n);
  gtk_label_set_text (self->count_label, count);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "items" : "empty");
}

static void
on_items_changed_cb (MoissonSidePanel *self)
{
  update_header (self);
}

static void
set_shown (MoissonSidePanel  *self,
           MoissonInitiative *initiative)
{
  if (initiative != NULL)
    {
      moisson_initiative_detail_show (self->detail, initiative,
                                      moisson_initiative_store_get_feed (self->store), self->atlas,
                                      self->departement ? moisson_departement_get_code (self->departement) : NULL);
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
moisson_side_panel_dispose (GObject *object)
{
  MoissonSidePanel *self = (MoissonSidePanel *) object;

  if (self->sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->sorted, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->departement);
  g_clear_object (&self->store);
  g_clear_object (&self->atlas);
  gtk_widget_dispose_template (GTK_WIDGET (self), MOISSON_TYPE_SIDE_PANEL);

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

  properties[PROP_DEPARTEMENT] =
    g_param_spec_object ("departement", NULL, NULL, MOISSON_TYPE_DEPARTEMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOWN_INITIATIVE] =
    g_param_spec_object ("shown-initiative", NULL, NULL, MOISSON_TYPE_INITIATIVE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MOISSON_TYPE_INITIATIVE_DETAIL);
  g_type_ensure (MOISSON_TYPE_INITIATIVE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-side-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, stack);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, info_grid);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, code_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, region_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, count_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, list_view);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, empty_status);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "panel.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "panel.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "moisson-side-panel");
}

static void
moisson_side_panel_init (MoissonSidePanel *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkExpression *title;
  GtkStringSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* An empty store until data arrives; the chain stays the same after. */
  self->store = moisson_initiative_store_new ();
  self->filter = gtk_custom_filter_new (in_selected_departement, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->store)), GTK_FILTER (self->filter));
  title = gtk_property_expression_new (MOISSON_TYPE_INITIATIVE, NULL, "title");
  sorter = gtk_string_sorter_new (title);
  gtk_string_sorter_set_ignore_case (sorter, TRUE);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)), GTK_SORTER (sorter));
  self->selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  g_signal_connect_swapped (self->sorted, "items-changed", G_CALLBACK (on_items_changed_cb), self);

  factory = gtk_builder_list_item_factory_new_from_resource (NULL, "/io/github/moisson/Moisson/moisson-initiative-row.ui");
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

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

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_header (self);
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
    gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (store));
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
