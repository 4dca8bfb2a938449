/* moisson-departement.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-departement-private.h"

struct _MoissonDepartement
{
  GObject parent_instance;

  char *code;
  char *name;
  /* Owned, or kept from a static table (see static_strings). */
  const char *region_code;
  const char *region_name;
  MoissonDepartementStrings static_strings;
  MoissonPolygon *polygon;
};

G_DEFINE_FINAL_TYPE (MoissonDepartement, moisson_departement, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_REGION_CODE,
  PROP_REGION_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
free_region_strings (const char                *region_code,
                     const char                *region_name,
                     MoissonDepartementStrings  static_strings)
{
  if (!(static_strings & MOISSON_DEPARTEMENT_STATIC_REGION_CODE))
    g_free ((char *) region_code);
  if (!(static_strings & MOISSON_DEPARTEMENT_STATIC_REGION_NAME))
    g_free ((char *) region_name);
}

static void
moisson_departement_finalize (GObject *object)
{
  MoissonDepartement *self = (MoissonDepartement *) object;

  g_free (self->code);
  g_free (self->name);
  free_region_strings (self->region_code, self->region_name, self->static_strings);
  g_clear_pointer (&self->polygon, moisson_polygon_unref);

  G_OBJECT_CLASS (moisson_departement_parent_class)->finalize (object);
}

static void
moisson_departement_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MoissonDepartement *self = MOISSON_DEPARTEMENT (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_REGION_CODE:
      g_value_set_string (value, self->region_code);
      break;
    case PROP_REGION_NAME:
      g_value_set_string (value, self->region_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moisson_departement_class_init (MoissonDepartementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = moisson_departement_finalize;
  object_class->get_property = moisson_departement_get_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGION_CODE] =
    g_param_spec_string ("region-code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGION_NAME] =
    g_param_spec_string ("region-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
moisson_departement_init (MoissonDepartement *self)
{
}

/* Takes a reference on polygon. */
MoissonDepartement *
moisson_departement_new (const char     *code,
                         const char     *name,
                         const char     *region_code,
                         const char     *region_name,
                         MoissonPolygon *polygon)
{
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (polygon != NULL, NULL);

  /* Copies, not interned: a file's strings must not outlive it. */
  return _moisson_departement_new_take (g_strdup (code), g_strdup (name), g_strdup (region_code),
                                        g_strdup (region_name), 0, polygon);
}

/* As moisson_departement_new (), keeping the strings given instead of
 * copying them (a file of communes makes 35,000 départements); those
 * @static_strings names are a static table's, never freed. */
MoissonDepartement *
_moisson_departement_new_take (char                      *code,
                               char                      *name,
                               char                      *region_code,
                               char                      *region_name,
                               MoissonDepartementStrings  static_strings,
                               MoissonPolygon            *polygon)
{
  MoissonDepartement *self;

  if (code == NULL || polygon == NULL)
    {
      g_free (code);
      g_free (name);
      free_region_strings (region_code, region_name, static_strings);
      g_return_val_if_reached (NULL);
    }

  self = g_object_new (MOISSON_TYPE_DEPARTEMENT, NULL);
  self->code = code;
  if (name == NULL || *name == '\0')
    {
      g_free (name);
      name = g_strdup (code);
    }
  self->name = name;
  self->region_code = region_code;
  self->region_name = region_name;
  self->static_strings = static_strings;
  self->polygon = moisson_polygon_ref (polygon);

  return self;
}

/* Asks for what freeing @self reads, ahead of freeing it. */
void
_moisson_departement_prefetch (MoissonDepartement *self)
{
  __builtin_prefetch (self->code);
  __builtin_prefetch (self->name);
  __builtin_prefetch (self->polygon);
}

const char *
moisson_departement_get_code (MoissonDepartement *self)
{
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT (self), NULL);

  return self->code;
}

const char *
moisson_departement_get_name (MoissonDepartement *self)
{
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT (self), NULL);

  return self->name;
}

const char *
moisson_departement_get_region_code (MoissonDepartement *self)
{
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT (self), NULL);

  return self->region_code;
}

const char *
moisson_departement_get_region_name (MoissonDepartement *self)
{
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT (self), NULL);

  return self->region_name;
}

MoissonPolygon *
moisson_departement_get_polygon (MoissonDepartement *self)
{
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT (self), NULL);

  return self->polygon;
}

const MoissonBBox *
moisson_departement_get_bbox (MoissonDepartement *self)
{
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT (self), NULL);

  return moisson_polygon_get_bbox (self->polygon);
}

gboolean
moisson_departement_contains_point (MoissonDepartement *self,
                                    double              x,
                                    double              y)
{
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT (self), FALSE);

  return moisson_polygon_contains_point (self->polygon, x, y);
}

/* "Drôme (26)", as tooltips and headings show it. */
char *
moisson_departement_dup_display_name (MoissonDepartement *self)
{
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT (self), NULL);

  if (g_strcmp0 (self->name, self->code) == 0)
    return g_strdup (self->code);
  return g_strdup_printf ("%s (%s)", self->name, self->code);
}
