/* moisson-initiative.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-initiative.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "moisson-initiative-private.h"

G_DEFINE_FINAL_TYPE (MoissonInitiative, moisson_initiative, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_names[] = { NULL, "project", "team", "place", "network" };
static const char * const status_names[] = { NULL, "idea", "experiment", "running", "spread", "ended" };

static const char * const empty_strv[] = { NULL };

static void
clear_link (gpointer data)
{
  MoissonLink *link = data;

  g_free (link->label);
  g_free (link->url);
}

static void
free_portrait (MoissonPortrait *portrait)
{
  if (portrait == NULL)
    return;
  g_free (portrait->vision);
  g_free (portrait->activities);
  g_free (portrait->methods);
  g_free (portrait->team);
  g_free (portrait->budget);
  g_free (portrait->place);
  g_free (portrait->communication);
  g_free (portrait->governance);
  g_free (portrait);
}

static void
moisson_initiative_finalize (GObject *object)
{
  MoissonInitiative *self = (MoissonInitiative *) object;

  g_free (self->id);
  g_free (self->title);
  g_free (self->summary);
  g_free (self->description);
  g_strfreev (self->departements);
  g_strfreev (self->fields);
  g_strfreev (self->actors);
  g_strfreev (self->partners);
  g_strfreev (self->tags);
  g_free (self->contact);
  g_clear_pointer (&self->links, g_array_unref);
  g_free (self->source);
  g_free (self->source_url);
  g_free (self->updated);
  free_portrait (self->portrait);
  g_strfreev (self->extra);
  g_free (self->search_text);

  G_OBJECT_CLASS (moisson_initiative_parent_class)->finalize (object);
}

static void
moisson_initiative_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MoissonInitiative *self = MOISSON_INITIATIVE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moisson_initiative_class_init (MoissonInitiativeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = moisson_initiative_finalize;
  object_class->get_property = moisson_initiative_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
moisson_initiative_init (MoissonInitiative *self)
{
  self->links = g_array_new (FALSE, TRUE, sizeof (MoissonLink));
  g_array_set_clear_func (self->links, clear_link);
}

MoissonInitiative *
_moisson_initiative_new (void)
{
  return g_object_new (MOISSON_TYPE_INITIATIVE, NULL);
}

#define STRV_OR_EMPTY(v) ((const char * const *) ((v) != NULL ? (v) : (GStrv) empty_strv))

const char *
moisson_initiative_get_id (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return self->id;
}

const char *
moisson_initiative_get_title (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return self->title;
}

const char *
moisson_initiative_get_summary (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return self->summary;
}

const char *
moisson_initiative_get_description (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return self->description;
}

const char * const *
moisson_initiative_get_departements (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return STRV_OR_EMPTY (self->departements);
}

gboolean
moisson_initiative_has_departement (MoissonInitiative *self,
                                    const char        *code)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), FALSE);
  return code != NULL && self->departements != NULL && g_strv_contains ((const char * const *) self->departements, code);
}

const char * const *
moisson_initiative_get_fields (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return STRV_OR_EMPTY (self->fields);
}

gboolean
moisson_initiative_has_field (MoissonInitiative *self,
                              const char        *field)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), FALSE);
  return field != NULL && self->fields != NULL && g_strv_contains ((const char * const *) self->fields, field);
}

MoissonKind
moisson_initiative_get_kind (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), MOISSON_KIND_UNKNOWN);
  return self->kind;
}

MoissonStatus
moisson_initiative_get_status (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), MOISSON_STATUS_UNKNOWN);
  return self->status;
}

/* 0 when the feed does not say. */
int
moisson_initiative_get_year (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), 0);
  return self->year;
}

const char * const *
moisson_initiative_get_actors (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return STRV_OR_EMPTY (self->actors);
}

const char * const *
moisson_initiative_get_partners (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return STRV_OR_EMPTY (self->partners);
}

const char * const *
moisson_initiative_get_tags (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return STRV_OR_EMPTY (self->tags);
}

const char *
moisson_initiative_get_contact (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return self->contact;
}

guint
moisson_initiative_get_n_links (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), 0);
  return self->links->len;
}

const MoissonLink *
moisson_initiative_get_link (MoissonInitiative *self,
                             guint              index)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  g_return_val_if_fail (index < self->links->len, NULL);
  return &g_array_index (self->links, MoissonLink, index);
}

gboolean
moisson_initiative_get_location (MoissonInitiative *self,
                                 double            *lon,
                                 double            *lat)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), FALSE);

  if (!self->has_location)
    return FALSE;
  if (lon != NULL)
    *lon = self->lon;
  if (lat != NULL)
    *lat = self->lat;
  return TRUE;
}

const char *
moisson_initiative_get_source (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return self->source;
}

const char *
moisson_initiative_get_source_url (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return self->source_url;
}

const char *
moisson_initiative_get_updated (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return self->updated;
}

const MoissonPortrait *
moisson_initiative_get_portrait (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return self->portrait;
}

/* Other properties of a GeoJSON feature, as "key", "value" pairs. */
const char * const *
moisson_initiative_get_extra (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return STRV_OR_EMPTY (self->extra);
}

const char *
moisson_kind_to_string (MoissonKind kind)
{
  return kind < G_N_ELEMENTS (kind_names) ? kind_names[kind] : NULL;
}

MoissonKind
moisson_kind_from_string (const char *text)
{
  for (guint i = 1; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (text, kind_names[i]) == 0)
      return i;
  return MOISSON_KIND_UNKNOWN;
}

const char *
moisson_kind_get_label (MoissonKind kind)
{
  switch (kind)
    {
    case MOISSON_KIND_PROJECT:
      return _("Project");
    case MOISSON_KIND_TEAM:
      return _("Innovation team or lab");
    case MOISSON_KIND_PLACE:
      return _("Place");
    case MOISSON_KIND_NETWORK:
      return _("Network");
    case MOISSON_KIND_UNKNOWN:
    default:
      return _("Unspecified");
    }
}

const char *
moisson_status_to_string (MoissonStatus status)
{
  return status < G_N_ELEMENTS (status_names) ? status_names[status] : NULL;
}

MoissonStatus
moisson_status_from_string (const char *text)
{
  for (guint i = 1; text != NULL && i < G_N_ELEMENTS (status_names); i++)
    if (g_ascii_strcasecmp (text, status_names[i]) == 0)
      return i;
  return MOISSON_STATUS_UNKNOWN;
}

const char *
moisson_status_get_label (MoissonStatus status)
{
  switch (status)
    {
    case MOISSON_STATUS_IDEA:
      return _("Idea");
    case MOISSON_STATUS_EXPERIMENT:
      return _("Experiment");
    case MOISSON_STATUS_RUNNING:
      return _("Running");
    case MOISSON_STATUS_SPREAD:
      return _("Spread to other départements");
    case MOISSON_STATUS_ENDED:
      return _("Ended");
    case MOISSON_STATUS_UNKNOWN:
    default:
      return _("Unspecified");
    }
}

/* Only web pages and mail addresses open from a feed: never file:, data:,
 * javascript: or an application's own scheme. */
gboolean
moisson_uri_is_safe_link (const char *uri)
{
  g_autofree char *scheme = NULL;

  if (uri == NULL)
    return FALSE;
  scheme = g_uri_parse_scheme (uri);
  if (scheme == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (scheme, "mailto") == 0)
    return strlen (uri) > 7;
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return FALSE;
  return g_uri_is_valid (uri, G_URI_FLAGS_NONE, NULL);
}
