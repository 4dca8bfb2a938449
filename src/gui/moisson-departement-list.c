/* moisson-departement-list.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-departement-list.h"

#include <glib/gi18n.h>

#include "moisson-keyboard.h"

/* The map as a list: one row per département with its count after the
 * filters, kept in step with the map. Screen readers reach every
 * département through it ("Drôme, 3 initiatives"), which a drawn map
 * cannot give them on GTK 4.8; keyboard users get a second way in. Moving
 * in the list moves the map's keyboard cursor; Enter or a click chooses,
 * as a click on the map does. */

struct _MoissonDepartementList
{
  GtkWidget parent_instance;

  MoissonMapView *map_view;
  GPtrArray *rows;            /* GtkListBoxRow, in code order */
  GHashTable *row_of;         /* MoissonDepartement → GtkListBoxRow */
  gboolean syncing;           /* the list follows the map: do not echo */

  GtkExpander *expander;
  GtkScrolledWindow *scrolled;
  GtkListBox *list_box;
};

G_DEFINE_FINAL_TYPE (MoissonDepartementList, moisson_departement_list, GTK_TYPE_WIDGET)

static GQuark departement_quark;
static GQuark count_label_quark;

/* 2A and 2B come between 19 and 21, as in every French list. */
static char *
sort_key (const char *code)
{
  if (g_ascii_strcasecmp (code, "2A") == 0 || g_ascii_strcasecmp (code, "2B") == 0)
    return g_strdup_printf ("20%c", g_ascii_toupper (code[1]));
  return g_strdup (code);
}

static int
compare_departements (gconstpointer a,
                      gconstpointer b)
{
  g_autofree char *key_a = sort_key (moisson_departement_get_code (*(MoissonDepartement **) a));
  g_autofree char *key_b = sort_key (moisson_departement_get_code (*(MoissonDepartement **) b));

  return g_strcmp0 (key_a, key_b);
}

static MoissonDepartement *
row_departement (GtkListBoxRow *row)
{
  return row != NULL ? g_object_get_qdata (G_OBJECT (row), departement_quark) : NULL;
}

static void
update_row (MoissonDepartementList *self,
            GtkListBoxRow          *row)
{
  MoissonDepartement *departement = row_departement (row);
  GtkLabel *count_label = g_object_get_qdata (G_OBJECT (row), count_label_quark);
  g_autofree char *name = moisson_map_view_dup_accessible_name (self->map_view, departement);
  g_autofree char *count = g_strdup_printf ("%u", moisson_map_view_get_count (self->map_view,
                                                                                moisson_departement_get_code (departement)));

  gtk_label_set_text (count_label, count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static GtkWidget *
create_row (MoissonDepartement *departement)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *code = gtk_label_new (moisson_departement_get_code (departement));
  GtkWidget *name = gtk_label_new (moisson_departement_get_name (departement));
  GtkWidget *count = gtk_label_new (NULL);

  gtk_label_set_width_chars (GTK_LABEL (code), 3);
  gtk_label_set_xalign (GTK_LABEL (code), 0);
  gtk_widget_add_css_class (code, "dim-label");
  gtk_widget_add_css_class (code, "numeric");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (count, "departement-count");
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), code);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_qdata_full (G_OBJECT (row), departement_quark, g_object_ref (departement), g_object_unref);
  g_object_set_qdata (G_OBJECT (row), count_label_quark, count);
  return row;
}

static void
scroll_to_row (MoissonDepartementList *self,
               GtkWidget              *row)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  graphene_rect_t bounds;
  double top, page;

  if (!gtk_widget_compute_bounds (row, GTK_WIDGET (self->list_box), &bounds))
    return;
  top = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  /* Out of sight, or nearly: centred, with its neighbours around it. */
  if (bounds.origin.y < top + bounds.size.height || bounds.origin.y + 2 * bounds.size.height > top + page)
    gtk_adjustment_set_value (adjustment, bounds.origin.y - (page - bounds.size.height) / 2);
}

static void
on_current_changed_cb (MoissonDepartementList *self)
{
  MoissonDepartement *current = moisson_map_view_get_current (self->map_view);
  GtkListBoxRow *row = current ? g_hash_table_lookup (self->row_of, current) : NULL;

  if (row == gtk_list_box_get_selected_row (self->list_box))
    return;
  self->syncing = TRUE;
  if (row != NULL)
    {
      gtk_list_box_select_row (self->list_box, row);
      scroll_to_row (self, GTK_WIDGET (row));
    }
  else
    gtk_list_box_unselect_all (self->list_box);
  self->syncing = FALSE;
}

static void
update_counts (MoissonDepartementList *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    update_row (self, g_ptr_array_index (self->rows, i));
}

static void
rebuild (MoissonDepartementList *self)
{
  MoissonAtlas *atlas = moisson_map_view_get_atlas (self->map_view);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list_box, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_hash_table_remove_all (self->row_of);
  if (atlas == NULL)
    return;

  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    g_ptr_array_add (sorted, moisson_atlas_get_departement (atlas, i));
  g_ptr_array_sort (sorted, compare_departements);
  for (guint i = 0; i < sorted->len; i++)
    {
      GtkWidget *row = create_row (g_ptr_array_index (sorted, i));

      gtk_list_box_append (self->list_box, row);
      g_ptr_array_add (self->rows, row);
      g_hash_table_insert (self->row_of, g_ptr_array_index (sorted, i), row);
    }
  update_counts (self);
  on_current_changed_cb (self);
}

static void
on_row_selected_cb (MoissonDepartementList *self,
                    GtkListBoxRow          *row,
                    GtkListBox             *list_box)
{
  if (self->syncing || self->map_view == NULL || row == NULL)
    return;
  moisson_map_view_set_current (self->map_view, row_departement (row));
}

static void
on_row_activated_cb (MoissonDepartementList *self,
                     GtkListBoxRow          *row,
                     GtkListBox             *list_box)
{
  if (self->map_view == NULL)
    return;
  moisson_map_view_choose (self->map_view, row_departement (row));
}

static void
moisson_departement_list_dispose (GObject *object)
{
  MoissonDepartementList *self = (MoissonDepartementList *) object;

  if (self->map_view != NULL)
    g_signal_handlers_disconnect_by_data (self->map_view, self);
  g_clear_object (&self->map_view);
  gtk_widget_dispose_template (GTK_WIDGET (self), MOISSON_TYPE_DEPARTEMENT_LIST);

  G_OBJECT_CLASS (moisson_departement_list_parent_class)->dispose (object);
}

static void
moisson_departement_list_finalize (GObject *object)
{
  MoissonDepartementList *self = (MoissonDepartementList *) object;

  g_ptr_array_unref (self->rows);
  g_hash_table_unref (self->row_of);

  G_OBJECT_CLASS (moisson_departement_list_parent_class)->finalize (object);
}

static void
moisson_departement_list_class_init (MoissonDepartementListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_departement_list_dispose;
  object_class->finalize = moisson_departement_list_finalize;

  departement_quark = g_quark_from_static_string ("moisson-departement");
  count_label_quark = g_quark_from_static_string ("moisson-count-label");

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-departement-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonDepartementList, expander);
  gtk_widget_class_bind_template_child (widget_class, MoissonDepartementList, scrolled);
  gtk_widget_class_bind_template_child (widget_class, MoissonDepartementList, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
moisson_departement_list_init (MoissonDepartementList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  moisson_keyboard_tab_leaves (GTK_WIDGET (self->list_box));
  self->rows = g_ptr_array_new ();
  self->row_of = g_hash_table_new (NULL, NULL);
}

/* The map this list follows and drives. */
void
moisson_departement_list_set_map_view (MoissonDepartementList *self,
                                       MoissonMapView         *map_view)
{
  g_return_if_fail (MOISSON_IS_DEPARTEMENT_LIST (self));
  g_return_if_fail (MOISSON_IS_MAP_VIEW (map_view));

  if (self->map_view != NULL)
    g_signal_handlers_disconnect_by_data (self->map_view, self);
  g_set_object (&self->map_view, map_view);
  g_signal_connect_object (map_view, "notify::atlas", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (map_view, "notify::current", G_CALLBACK (on_current_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (map_view, "initiatives-changed", G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
  rebuild (self);
}

GtkListBox *
moisson_departement_list_get_list_box (MoissonDepartementList *self)
{
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT_LIST (self), NULL);

  return self->list_box;
}

GtkExpander *
moisson_departement_list_get_expander (MoissonDepartementList *self)
{
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT_LIST (self), NULL);

  return self->expander;
}
