/* moisson-side-panel.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-side-panel.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _MoissonSidePanel
{
  GtkWidget parent_instance;

  MoissonDepartement *departement;

  GtkStack *stack;
  GtkLabel *name_label;
  GtkLabel *code_label;
  GtkLabel *region_label;
};

G_DEFINE_FINAL_TYPE (MoissonSidePanel, moisson_side_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DEPARTEMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_labels (MoissonSidePanel *self)
{
  const char *region;

  if (self->departement == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  region = moisson_departement_get_region_name (self->departement);
  if (region == NULL)
    region = moisson_departement_get_region_code (self->departement);

  gtk_label_set_text (self->name_label, moisson_departement_get_name (self->departement));
  gtk_label_set_text (self->code_label, moisson_departement_get_code (self->departement));
  gtk_label_set_text (self->region_label, region != NULL ? region : _("Unknown"));
  gtk_stack_set_visible_child_name (self->stack, "departement");
}

static void
moisson_side_panel_dispose (GObject *object)
{
  MoissonSidePanel *self = (MoissonSidePanel *) object;

  g_clear_object (&self->departement);
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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-side-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, stack);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, code_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonSidePanel, region_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "moisson-side-panel");
}

static void
moisson_side_panel_init (MoissonSidePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_labels (self);
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

  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPARTEMENT]);
}
