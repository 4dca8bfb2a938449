/* moisson-side-panel-facets.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-side-panel-private.h"

#include <glib/gi18n.h>

/* The filters: the search text, a check button for each value of each
 * facet with the number of initiatives it would give, whether every field
 * must match, and the years. The widgets edit the criteria, and follow
 * them when they change from elsewhere. */

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void on_facet_toggled_cb (MoissonSidePanel *self,
                                 GtkCheckButton   *button);

/* A check button for one value of a facet; its label gets the count. */
static void
add_facet_button (MoissonSidePanel *self,
                  GtkBox           *box,
                  MoissonFacet      facet,
                  const char       *value,
                  const char       *label)
{
  GtkWidget *button = gtk_check_button_new_with_label (label);
  GtkWidget *text = gtk_widget_get_last_child (button);

  /* A long value wraps: the panel keeps its width, see its measure (). */
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);

  g_object_set_data (G_OBJECT (button), "facet", GINT_TO_POINTER (facet));
  g_object_set_data_full (G_OBJECT (button), "facet-value", g_strdup (value), g_free);
  g_object_set_data_full (G_OBJECT (button), "facet-label", g_strdup (label), g_free);
  g_signal_connect_swapped (button, "toggled", G_CALLBACK (on_facet_toggled_cb), self);
  gtk_box_append (box, button);
}

void
_moisson_side_panel_build_facets (MoissonSidePanel *self)
{
  MoissonFeed *feed = moisson_initiative_store_get_feed (self->store);

  clear_box (self->fields_box);
  clear_box (self->kinds_box);
  clear_box (self->statuses_box);
  clear_box (self->freshness_box);
  clear_box (self->reviews_box);
  clear_box (self->regions_box);

  if (feed != NULL)
    {
      GPtrArray *fields = moisson_feed_get_fields (feed);

      for (guint i = 0; i < fields->len; i++)
        {
          const MoissonField *field = g_ptr_array_index (fields, i);
          add_facet_button (self, self->fields_box, MOISSON_FACET_FIELD, field->id, field->label);
        }
    }
  for (MoissonKind kind = MOISSON_KIND_PROJECT; kind <= MOISSON_KIND_NETWORK; kind++)
    add_facet_button (self, self->kinds_box, MOISSON_FACET_KIND, moisson_kind_to_string (kind), moisson_kind_get_label (kind));
  for (MoissonStatus status = MOISSON_STATUS_IDEA; status <= MOISSON_STATUS_ENDED; status++)
    add_facet_button (self, self->statuses_box, MOISSON_FACET_STATUS, moisson_status_to_string (status),
                      moisson_status_get_label (status));
  add_facet_button (self, self->freshness_box, MOISSON_FACET_FRESHNESS, "stale",
                    _("To check (over two years old)"));
  /* The facilitators' queue: contributions by review state. */
  add_facet_button (self, self->reviews_box, MOISSON_FACET_REVIEW, "pending", _("To review"));
  add_facet_button (self, self->reviews_box, MOISSON_FACET_REVIEW, "accepted", _("Accepted"));
  add_facet_button (self, self->reviews_box, MOISSON_FACET_REVIEW, "rejected", _("Rejected"));
  for (guint i = 0; i < MOISSON_N_REGIONS; i++)
    {
      const char *code = moisson_insee_get_region_code_at (i);
      add_facet_button (self, self->regions_box, MOISSON_FACET_REGION, code, moisson_insee_get_region_name (code));
    }
}

static gboolean
facet_is_active (MoissonSidePanel *self,
                 MoissonFacet      facet,
                 const char       *value)
{
  switch (facet)
    {
    case MOISSON_FACET_FIELD:
      return moisson_filter_has_field (self->criteria, value);
    case MOISSON_FACET_KIND:
      return moisson_filter_has_kind (self->criteria, moisson_kind_from_string (value));
    case MOISSON_FACET_STATUS:
      return moisson_filter_has_status (self->criteria, moisson_status_from_string (value));
    case MOISSON_FACET_REGION:
      return moisson_filter_has_region (self->criteria, value);
    case MOISSON_FACET_REVIEW:
      return moisson_filter_has_review (self->criteria, moisson_review_from_string (value));
    case MOISSON_FACET_FRESHNESS:
      return moisson_filter_get_stale_only (self->criteria);
    case MOISSON_FACET_NONE:
    case MOISSON_FACET_YEAR:
    default:
      return FALSE;
    }
}

/* Each value shows how many initiatives ticking it would give, under every
 * other criterion and in the selected département; the buttons follow the
 * criteria when they change from elsewhere (a view file, a clear). */
void
_moisson_side_panel_sync_facets (MoissonSidePanel *self)
{
  GtkBox *boxes[] = { self->fields_box, self->kinds_box, self->statuses_box, self->reviews_box, self->regions_box,
                      self->freshness_box };
  MoissonFacet facets[] = { MOISSON_FACET_FIELD, MOISSON_FACET_KIND, MOISSON_FACET_STATUS, MOISSON_FACET_REVIEW,
                            MOISSON_FACET_REGION, MOISSON_FACET_FRESHNESS };
  g_autofree GHashTable **all_counts = NULL;
  int first, last;

  self->syncing = TRUE;
  /* Every facet in one pass over the initiatives. */
  all_counts = moisson_filter_count_facets_in (self->criteria, G_LIST_MODEL (self->store),
                                               _moisson_side_panel_get_counted_code (self),
                                               facets, G_N_ELEMENTS (facets));
  for (guint b = 0; b < G_N_ELEMENTS (boxes); b++)
    {
      g_autoptr(GHashTable) counts = all_counts[b];

      for (GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (boxes[b])); button != NULL;
           button = gtk_widget_get_next_sibling (button))
        {
          const char *value = g_object_get_data (G_OBJECT (button), "facet-value");
          const char *label = g_object_get_data (G_OBJECT (button), "facet-label");
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, value));
          gboolean active = facet_is_active (self, facets[b], value);
          g_autofree char *text = g_strdup_printf ("%s (%u)", label, count);

          gtk_check_button_set_label (GTK_CHECK_BUTTON (button), text);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (button), active);
          gtk_widget_set_sensitive (button, count > 0 || active);
        }
    }

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                 moisson_filter_get_search_text (self->criteria)) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), moisson_filter_get_search_text (self->criteria));
  gtk_switch_set_active (self->match_all_switch, moisson_filter_get_match_all_fields (self->criteria));
  moisson_filter_get_years (self->criteria, &first, &last);
  gtk_spin_button_set_value (self->first_year_spin, first);
  gtk_spin_button_set_value (self->last_year_spin, last);
  self->syncing = FALSE;
}

static void
on_facet_toggled_cb (MoissonSidePanel *self,
                     GtkCheckButton   *button)
{
  MoissonFacet facet = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "facet"));
  const char *value = g_object_get_data (G_OBJECT (button), "facet-value");
  gboolean active = gtk_check_button_get_active (button);

  if (self->syncing)
    return;
  switch (facet)
    {
    case MOISSON_FACET_FIELD:
      moisson_filter_set_field (self->criteria, value, active);
      break;
    case MOISSON_FACET_KIND:
      moisson_filter_set_kind (self->criteria, moisson_kind_from_string (value), active);
      break;
    case MOISSON_FACET_STATUS:
      moisson_filter_set_status (self->criteria, moisson_status_from_string (value), active);
      break;
    case MOISSON_FACET_REGION:
      moisson_filter_set_region (self->criteria, value, active);
      break;
    case MOISSON_FACET_REVIEW:
      moisson_filter_set_review (self->criteria, moisson_review_from_string (value), active);
      break;
    case MOISSON_FACET_FRESHNESS:
      moisson_filter_set_stale_only (self->criteria, active);
      break;
    case MOISSON_FACET_NONE:
    case MOISSON_FACET_YEAR:
    default:
      break;
    }
}

static void
on_search_entry_search_changed_cb (MoissonSidePanel *self,
                                   GtkSearchEntry   *entry)
{
  if (!self->syncing)
    moisson_filter_set_search_text (self->criteria, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_match_all_switch_active_cb (MoissonSidePanel *self,
                               GParamSpec       *pspec,
                               GtkSwitch        *widget)
{
  if (!self->syncing)
    moisson_filter_set_match_all_fields (self->criteria, gtk_switch_get_active (widget));
}

static void
on_year_spin_value_changed_cb (MoissonSidePanel *self,
                               GtkSpinButton    *spin)
{
  if (!self->syncing)
    moisson_filter_set_years (self->criteria,
                              gtk_spin_button_get_value_as_int (self->first_year_spin),
                              gtk_spin_button_get_value_as_int (self->last_year_spin));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  moisson_filter_clear (MOISSON_SIDE_PANEL (widget)->criteria);
}

void
_moisson_side_panel_class_init_facets (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_match_all_switch_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_year_spin_value_changed_cb);

  gtk_widget_class_install_action (widget_class, "panel.clear-filters", NULL, clear_filters_action);
}
