/* moisson-source-row.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-source-row.h"

#include <glib/gi18n.h>

/* One source in the side panel: its colour on the map, its name, how many
 * initiatives it holds (or why it could not be read), a switch to show it
 * and a button to remove it. The row follows the source. */

struct _MoissonSourceRow
{
  GtkListBoxRow parent_instance;

  MoissonSource *source;

  GtkDrawingArea *swatch;
  GtkLabel *name_label;
  GtkLabel *status_label;
  GtkSwitch *visible_switch;
  GtkButton *remove_button;
};

G_DEFINE_FINAL_TYPE (MoissonSourceRow, moisson_source_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  MoissonSourceRow *self = data;
  guint32 color = moisson_source_get_color (self->source);

  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 0.5, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0, (color & 0xff) / 255.0);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
update (MoissonSourceRow *self)
{
  g_autofree char *name = moisson_source_dup_name (self->source);
  g_autofree char *status = NULL;
  g_autofree char *description = NULL;
  guint n = moisson_source_get_n_initiatives (self->source);

  if (name == NULL)
    name = g_strdup (_("Sample initiatives"));
  gtk_label_set_label (self->name_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), moisson_source_get_location (self->source));

  if (moisson_source_is_loading (self->source))
    status = g_strdup (_("Loading…"));
  else if (moisson_source_get_error (self->source) != NULL && moisson_source_get_feed (self->source) == NULL)
    status = g_strdup (moisson_source_get_error (self->source));
  else
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u initiative", "%u initiatives", n), n);
  gtk_label_set_label (self->status_label, status);

  gtk_switch_set_active (self->visible_switch, moisson_source_get_visible (self->source));
  /* TRANSLATORS: the name of a source of initiatives */
  description = g_strdup_printf (_("Show “%s” on the map"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->visible_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  g_free (description);
  description = g_strdup_printf (_("Remove “%s”"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static void
on_switch_active_cb (MoissonSourceRow *self)
{
  moisson_source_set_visible (self->source, gtk_switch_get_active (self->visible_switch));
}

static void
on_remove_clicked_cb (MoissonSourceRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
moisson_source_row_dispose (GObject *object)
{
  MoissonSourceRow *self = (MoissonSourceRow *) object;

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (moisson_source_row_parent_class)->dispose (object);
}

static void
moisson_source_row_class_init (MoissonSourceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_source_row_dispose;

  /**
   * MoissonSourceRow::remove:
   *
   * The user asked to remove the source.
   */
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-source-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonSourceRow, swatch);
  gtk_widget_class_bind_template_child (widget_class, MoissonSourceRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonSourceRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonSourceRow, visible_switch);
  gtk_widget_class_bind_template_child (widget_class, MoissonSourceRow, remove_button);
}

static void
moisson_source_row_init (MoissonSourceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->swatch, draw_swatch, self, NULL);
  g_signal_connect_swapped (self->visible_switch, "notify::active", G_CALLBACK (on_switch_active_cb), self);
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
}

/**
 * moisson_source_row_new:
 * @removable: whether the row offers to remove the source; the feed is
 *   replaced, not removed
 */
GtkWidget *
moisson_source_row_new (MoissonSource *source,
                        gboolean       removable)
{
  MoissonSourceRow *self;

  g_return_val_if_fail (MOISSON_IS_SOURCE (source), NULL);

  self = g_object_new (MOISSON_TYPE_SOURCE_ROW, NULL);
  self->source = g_object_ref (source);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), removable);
  g_signal_connect_swapped (source, "notify", G_CALLBACK (update), self);
  update (self);
  return GTK_WIDGET (self);
}

MoissonSource *
moisson_source_row_get_source (MoissonSourceRow *self)
{
  g_return_val_if_fail (MOISSON_IS_SOURCE_ROW (self), NULL);
  return self->source;
}
