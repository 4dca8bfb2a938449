/* moisson-departement-list.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-departement-list.h"

#include <glib/gi18n.h>
#include <string.h>

#include "moisson-keyboard.h"

/* The map as a list: one row per département with its count after the
 * filters, kept in step with the map. Screen readers reach every
 * département through it ("Drôme, 3 initiatives"), which a drawn map
 * cannot give them on GTK 4.8; keyboard users get a second way in. Moving
 * in the list moves the map's keyboard cursor; Enter or a click chooses,
 * as a click on the map does. A boundary file may hold the 35,000
 * communes: GtkListView makes widgets for the rows in sight and a few
 * around them only, and only those follow the filters. */

struct _MoissonDepartementList
{
  GtkWidget parent_instance;

  MoissonMapView *map_view;
  GHashTable *position_of;    /* MoissonDepartement → its position + 1 */
  GHashTable *bound;          /* the GtkListItems showing a département */
  gboolean syncing;           /* the list follows the map: do not echo */

  GtkExpander *expander;
  GtkListView *list_view;
  GtkSingleSelection *selection;
  GListStore *departements;   /* MoissonDepartement, in code order */
};

G_DEFINE_FINAL_TYPE (MoissonDepartementList, moisson_departement_list, GTK_TYPE_WIDGET)

/* 2A and 2B come between 19 and 21, as in every French list: the code as
 * it sorts, Corsica's as "20A" and "20B" in @buffer. Nothing allocated: a
 * file of communes sorts 35,000 codes. */
static const char *
sort_key (const char *code,
          char        buffer[4])
{
  if (code[0] != '2' || g_ascii_toupper (code[1]) < 'A' || g_ascii_toupper (code[1]) > 'B' || code[2] != '\0')
    return code;
  buffer[0] = '2';
  buffer[1] = '0';
  buffer[2] = g_ascii_toupper (code[1]);
  buffer[3] = '\0';
  return buffer;
}

static int
compare_departements (gconstpointer a,
                      gconstpointer b)
{
  char buffer_a[4], buffer_b[4];

  return strcmp (sort_key (moisson_departement_get_code (*(MoissonDepartement **) a), buffer_a),
                 sort_key (moisson_departement_get_code (*(MoissonDepartement **) b), buffer_b));
}

/* The row GtkListView draws, focuses and shows to screen readers: the
 * parent of the item's child, as GTK 4.8 has no accessible label for list
 * items (GtkListItem:accessible-label came in 4.12). */
static GtkWidget *
row_of_item (GtkListItem *item)
{
  return gtk_widget_get_parent (gtk_list_item_get_child (item));
}

static void
update_row (MoissonDepartementList *self,
            GtkListItem            *item)
{
  MoissonDepartement *departement = gtk_list_item_get_item (item);
  GtkWidget *count_label = gtk_widget_get_last_child (gtk_list_item_get_child (item));
  g_autofree char *name = moisson_map_view_dup_accessible_name (self->map_view, departement);
  g_autofree char *count = g_strdup_printf ("%u", moisson_map_view_get_count (self->map_view,
                                                                                moisson_departement_get_code (departement)));

  gtk_label_set_text (GTK_LABEL (count_label), count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row_of_item (item)), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* The item showing position, if it has a widget. */
static GtkListItem *
bound_item_at (MoissonDepartementList *self,
               guint                   position)
{
  GHashTableIter iter;
  GtkListItem *item;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, (gpointer *) &item, NULL))
    if (gtk_list_item_get_position (item) == position)
      return item;
  return NULL;
}

static void
scroll_to_position (MoissonDepartementList *self,
                    guint                   position)
{
  GtkWidget *list_view = GTK_WIDGET (self->list_view);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));
  GtkListItem *item = bound_item_at (self, position);
  double page = gtk_adjustment_get_page_size (adjustment);
  /* Every row is as high as the others. */
  double row_height = gtk_adjustment_get_upper (adjustment) / g_list_model_get_n_items (G_LIST_MODEL (self->departements));
  graphene_rect_t bounds;

  /* Folded, the list has no size: GtkListView brings the row in when it
   * is unfolded. */
  if (!gtk_widget_get_mapped (list_view))
    {
      gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
      return;
    }
  /* In sight, with its neighbours around it: left where it is. Only the
   * rows in sight are mapped. */
  if (item != NULL && gtk_widget_get_mapped (row_of_item (item)) &&
      gtk_widget_compute_bounds (row_of_item (item), list_view, &bounds) &&
      bounds.origin.y >= bounds.size.height && bounds.origin.y + 2 * bounds.size.height <= page)
    return;
  gtk_adjustment_set_value (adjustment, (position + 0.5) * row_height - page / 2);
}

/* Unfolded, the list has a size only from its first frame on: the row
 * chosen while it was folded is brought into sight then. */
static gboolean
scroll_to_selected_cb (GtkWidget     *list_view,
                       GdkFrameClock *clock,
                       gpointer       data)
{
  MoissonDepartementList *self = data;
  guint position = gtk_single_selection_get_selected (self->selection);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));

  if (gtk_adjustment_get_upper (adjustment) <= 0 || gtk_adjustment_get_page_size (adjustment) <= 0)
    return G_SOURCE_CONTINUE;
  /* GtkListView's own scrolling, which also moves the row it keeps in
   * place as it lays out. */
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
  return G_SOURCE_REMOVE;
}

static void
on_list_mapped_cb (MoissonDepartementList *self)
{
  gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), scroll_to_selected_cb, self, NULL);
}

static void
on_current_changed_cb (MoissonDepartementList *self)
{
  MoissonDepartement *current = moisson_map_view_get_current (self->map_view);
  /* Not in the list: 0 - 1, GTK_INVALID_LIST_POSITION. */
  guint position = GPOINTER_TO_UINT (current ? g_hash_table_lookup (self->position_of, current) : NULL) - 1;

  if (position == gtk_single_selection_get_selected (self->selection))
    return;
  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  if (position != GTK_INVALID_LIST_POSITION)
    scroll_to_position (self, position);
  self->syncing = FALSE;
}

static void
update_counts (MoissonDepartementList *self)
{
  GHashTableIter iter;
  GtkListItem *item;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, (gpointer *) &item, NULL))
    update_row (self, item);
}

static void
rebuild (MoissonDepartementList *self)
{
  MoissonAtlas *atlas = moisson_map_view_get_atlas (self->map_view);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; atlas != NULL && i < moisson_atlas_get_n_departements (atlas); i++)
    g_ptr_array_add (sorted, moisson_atlas_get_departement (atlas, i));
  g_ptr_array_sort (sorted, compare_departements);
  g_hash_table_remove_all (self->position_of);
  for (guint i = 0; i < sorted->len; i++)
    g_hash_table_insert (self->position_of, g_ptr_array_index (sorted, i), GUINT_TO_POINTER (i + 1));

  self->syncing = TRUE;
  g_list_store_splice (self->departements, 0, g_list_model_get_n_items (G_LIST_MODEL (self->departements)),
                       sorted->pdata, sorted->len);
  self->syncing = FALSE;
  on_current_changed_cb (self);
}

static void
on_row_clicked_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkListItem     *item)
{
  /* One click chooses, as on the map; GtkListView alone would only select. */
  if (n_press == 1)
    gtk_widget_activate_action (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture)),
                                "list.activate-item", "u", gtk_list_item_get_position (item));
}

static void
on_setup_cb (MoissonDepartementList *self,
             GtkListItem            *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *code = gtk_label_new (NULL);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);
  GtkGesture *click = gtk_gesture_click_new ();

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
  g_signal_connect (click, "released", G_CALLBACK (on_row_clicked_cb), item);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (click));
  gtk_list_item_set_child (item, box);
}

static void
on_bind_cb (MoissonDepartementList *self,
            GtkListItem            *item)
{
  MoissonDepartement *departement = gtk_list_item_get_item (item);
  GtkWidget *code = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  gtk_label_set_text (GTK_LABEL (code), moisson_departement_get_code (departement));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (code)), moisson_departement_get_name (departement));
  g_hash_table_add (self->bound, item);
  update_row (self, item);
}

static void
on_unbind_cb (MoissonDepartementList *self,
              GtkListItem            *item)
{
  g_hash_table_remove (self->bound, item);
}

static void
on_selection_changed_cb (MoissonDepartementList *self)
{
  MoissonDepartement *departement = gtk_single_selection_get_selected_item (self->selection);

  if (self->syncing || self->map_view == NULL || departement == NULL)
    return;
  moisson_map_view_set_current (self->map_view, departement);
}

static void
on_activate_cb (MoissonDepartementList *self,
                guint                   position)
{
  g_autoptr(MoissonDepartement) departement = g_list_model_get_item (G_LIST_MODEL (self->departements), position);

  if (self->map_view == NULL || departement == NULL)
    return;
  moisson_map_view_choose (self->map_view, departement);
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

  g_hash_table_unref (self->position_of);
  g_hash_table_unref (self->bound);

  G_OBJECT_CLASS (moisson_departement_list_parent_class)->finalize (object);
}

static void
moisson_departement_list_class_init (MoissonDepartementListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_departement_list_dispose;
  object_class->finalize = moisson_departement_list_finalize;

  /* For the item-type of the template's store. */
  g_type_ensure (MOISSON_TYPE_DEPARTEMENT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-departement-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonDepartementList, expander);
  gtk_widget_class_bind_template_child (widget_class, MoissonDepartementList, list_view);
  gtk_widget_class_bind_template_child (widget_class, MoissonDepartementList, selection);
  gtk_widget_class_bind_template_child (widget_class, MoissonDepartementList, departements);
  gtk_widget_class_bind_template_callback (widget_class, on_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
moisson_departement_list_init (MoissonDepartementList *self)
{
  self->position_of = g_hash_table_new (NULL, NULL);
  self->bound = g_hash_table_new (NULL, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  moisson_keyboard_tab_leaves (GTK_WIDGET (self->list_view));
  g_signal_connect_swapped (self->list_view, "map", G_CALLBACK (on_list_mapped_cb), self);
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

/* The list, whose model is a GtkSingleSelection of MoissonDepartements. */
GtkListView *
moisson_departement_list_get_list_view (MoissonDepartementList *self)
{
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT_LIST (self), NULL);

  return self->list_view;
}

GtkExpander *
moisson_departement_list_get_expander (MoissonDepartementList *self)
{
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT_LIST (self), NULL);

  return self->expander;
}
