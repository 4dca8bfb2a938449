/* moisson-initiative.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-initiative.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "moisson-initiative-private.h"
#include "moisson-feed.h"
#include "moisson-insee.h"

G_DEFINE_FINAL_TYPE (MoissonInitiative, moisson_initiative, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SUMMARY,
  PROP_CONTRIBUTION_LABEL,
  PROP_IS_CONTRIBUTION,
  PROP_AGE_LABEL,
  PROP_IS_STALE,
  PROP_HAS_UPDATE_DATE,
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
free_owned (MoissonInitiative *self,
            gpointer           pointer)
{
  if (_moisson_initiative_owns (self, pointer))
    g_free (pointer);
}

static void
moisson_initiative_finalize (GObject *object)
{
  MoissonInitiative *self = (MoissonInitiative *) object;

  free_owned (self, self->id);
  free_owned (self, self->title);
  free_owned (self, self->summary);
  free_owned (self, self->description);
  _moisson_initiative_free_strv (self, self->departements);
  _moisson_initiative_free_strv (self, self->fields);
  _moisson_initiative_free_strv (self, self->actors);
  _moisson_initiative_free_strv (self, self->partners);
  _moisson_initiative_free_strv (self, self->tags);
  free_owned (self, self->contact);
  /* Packed, they have no clear function. */
  g_clear_pointer (&self->links, g_array_unref);
  free_owned (self, self->source);
  free_owned (self, self->source_url);
  free_owned (self, self->updated);
  if (_moisson_initiative_owns (self, self->portrait))
    free_portrait (self->portrait);
  g_clear_pointer (&self->spread, g_array_unref);
  _moisson_initiative_free_strv (self, self->extra);
  g_free (self->block);
  g_free (self->search_text);
  _moisson_contribution_free (self->contribution);

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
    case PROP_CONTRIBUTION_LABEL:
      g_value_set_string (value, moisson_initiative_get_contribution_label (self));
      break;
    case PROP_IS_CONTRIBUTION:
      g_value_set_boolean (value, self->contribution != NULL);
      break;
    case PROP_AGE_LABEL:
      g_value_take_string (value, moisson_initiative_dup_age_label (self, NULL));
      break;
    case PROP_IS_STALE:
      g_value_set_boolean (value, moisson_initiative_is_stale (self, NULL));
      break;
    case PROP_HAS_UPDATE_DATE:
      {
        GDate date;

        g_value_set_boolean (value, moisson_initiative_get_updated_date (self, &date));
      }
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
  properties[PROP_CONTRIBUTION_LABEL] =
    g_param_spec_string ("contribution-label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_CONTRIBUTION] =
    g_param_spec_boolean ("is-contribution", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* How old the last update is, and whether it is too old to trust, as of
   * the moment it is read: for the rows of the list. */
  properties[PROP_AGE_LABEL] =
    g_param_spec_string ("age-label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_STALE] =
    g_param_spec_boolean ("is-stale", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_UPDATE_DATE] =
    g_param_spec_boolean ("has-update-date", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
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

static MoissonPortrait *
copy_portrait (const MoissonPortrait *portrait)
{
  MoissonPortrait *copy;

  if (portrait == NULL)
    return NULL;
  copy = g_new0 (MoissonPortrait, 1);
  copy->vision = g_strdup (portrait->vision);
  copy->activities = g_strdup (portrait->activities);
  copy->methods = g_strdup (portrait->methods);
  copy->team = g_strdup (portrait->team);
  copy->budget = g_strdup (portrait->budget);
  copy->place = g_strdup (portrait->place);
  copy->communication = g_strdup (portrait->communication);
  copy->governance = g_strdup (portrait->governance);
  return copy;
}

static MoissonContribution *
copy_contribution (const MoissonContribution *contribution)
{
  MoissonContribution *copy;

  if (contribution == NULL)
    return NULL;
  copy = g_memdup2 (contribution, sizeof *contribution);
  copy->author = g_strdup (contribution->author);
  copy->workshop = g_strdup (contribution->workshop);
  copy->created = g_strdup (contribution->created);
  copy->sync_error = g_strdup (contribution->sync_error);
  return copy;
}

#define LENT_ARRAY "moisson-initiatives-array"

/**
 * _moisson_initiatives_lend_array:
 * @items: (element-type MoissonInitiative) (nullable): every item of
 *   @model, in order, kept alive by @model; %NULL to lend none
 */
void
_moisson_initiatives_lend_array (GListModel *model,
                                 GPtrArray  *items)
{
  g_object_set_data_full (G_OBJECT (model), LENT_ARRAY, items != NULL ? g_ptr_array_ref (items) : NULL,
                          (GDestroyNotify) g_ptr_array_unref);
}

/**
 * _moisson_initiatives_peek_array:
 *
 * Returns: (transfer none) (nullable): what @model lent, valid until the
 *   model changes
 */
GPtrArray *
_moisson_initiatives_peek_array (GListModel *model)
{
  return g_object_get_data (G_OBJECT (model), LENT_ARRAY);
}

/* Initiatives do not change once handed out: placed anew, an initiative
 * of a feed is a copy. */
MoissonInitiative *
_moisson_initiative_copy (MoissonInitiative *self)
{
  MoissonInitiative *copy = _moisson_initiative_new ();

  copy->id = g_strdup (self->id);
  copy->title = g_strdup (self->title);
  copy->summary = g_strdup (self->summary);
  copy->description = g_strdup (self->description);
  copy->departements = g_strdupv (self->departements);
  copy->fields = g_strdupv (self->fields);
  copy->kind = self->kind;
  copy->status = self->status;
  copy->year = self->year;
  copy->actors = g_strdupv (self->actors);
  copy->partners = g_strdupv (self->partners);
  copy->tags = g_strdupv (self->tags);
  copy->contact = g_strdup (self->contact);
  for (guint i = 0; i < self->links->len; i++)
    {
      const MoissonLink *link = &g_array_index (self->links, MoissonLink, i);
      MoissonLink link_copy = { g_strdup (link->label), g_strdup (link->url) };

      g_array_append_val (copy->links, link_copy);
    }
  copy->has_location = self->has_location;
  copy->lon = self->lon;
  copy->lat = self->lat;
  copy->source = g_strdup (self->source);
  copy->source_url = g_strdup (self->source_url);
  copy->updated = g_strdup (self->updated);
  copy->portrait = copy_portrait (self->portrait);
  if (self->spread != NULL)
    {
      copy->spread = _moisson_spread_new ();
      for (guint i = 0; i < self->spread->len; i++)
        {
          MoissonSpreadStep step = g_array_index (self->spread, MoissonSpreadStep, i);

          step.departement = g_strdup (step.departement);
          g_array_append_val (copy->spread, step);
        }
    }
  copy->extra = g_strdupv (self->extra);
  copy->search_text = g_strdup (self->search_text);
  copy->contribution = copy_contribution (self->contribution);
  return copy;
}

/**
 * _moisson_initiative_owns:
 * @pointer: (nullable): what a field points to
 *
 * Returns: whether @pointer is the field's own to free: not %NULL and not
 *   in the block of a packed initiative
 */
gboolean
_moisson_initiative_owns (MoissonInitiative *self,
                          gconstpointer      pointer)
{
  return pointer != NULL &&
         (self->block == NULL || (guintptr) pointer < (guintptr) self->block ||
          (guintptr) pointer >= (guintptr) self->block + self->block_size);
}

/* Frees what a list field owns, to replace it. */
void
_moisson_initiative_free_strv (MoissonInitiative *self,
                               GStrv              strv)
{
  if (!_moisson_initiative_owns (self, strv))
    return;
  for (guint i = 0; strv[i] != NULL; i++)
    free_owned (self, strv[i]);
  g_free (strv);
}

/* Two passes over the fields: one measures (room == NULL), one copies
 * into the new block, arrays and portrait first for their alignment. */
typedef struct
{
  MoissonInitiative *self;   /* its block, if any, is the old one */
  char *room;                /* where the next array goes */
  char *text;                /* where the next string goes */
  gsize room_size;
  gsize text_size;
} Packer;

G_STATIC_ASSERT (sizeof (MoissonPortrait) % sizeof (gpointer) == 0);

static void
pack_text (Packer  *packer,
           char   **text)
{
  gsize size;

  if (*text == NULL)
    return;
  size = strlen (*text) + 1;
  if (packer->room == NULL)
    {
      packer->text_size += size;
      return;
    }
  memcpy (packer->text, *text, size);
  free_owned (packer->self, *text);
  *text = packer->text;
  packer->text += size;
}

/* NULL while measuring. */
static gpointer
pack_room (Packer *packer,
           gsize   size)
{
  gpointer room = packer->room;

  if (room == NULL)
    packer->room_size += size;
  else
    packer->room += size;
  return room;
}

static void
pack_strv (Packer  *packer,
           GStrv   *strv)
{
  char **copy;
  guint n;

  if (*strv == NULL)
    return;
  n = g_strv_length (*strv);
  copy = pack_room (packer, (n + 1) * sizeof (char *));
  if (copy == NULL)
    {
      for (guint i = 0; i < n; i++)
        pack_text (packer, &(*strv)[i]);
      return;
    }
  for (guint i = 0; i <= n; i++)
    copy[i] = (*strv)[i];
  for (guint i = 0; i < n; i++)
    pack_text (packer, &copy[i]);
  free_owned (packer->self, *strv);
  *strv = copy;
}

static void
pack_portrait (Packer           *packer,
               MoissonPortrait **portrait)
{
  MoissonPortrait *copy;

  if (*portrait == NULL)
    return;
  copy = pack_room (packer, sizeof (MoissonPortrait));
  if (copy == NULL)
    copy = *portrait;
  else
    *copy = **portrait;
  pack_text (packer, &copy->vision);
  pack_text (packer, &copy->activities);
  pack_text (packer, &copy->methods);
  pack_text (packer, &copy->team);
  pack_text (packer, &copy->budget);
  pack_text (packer, &copy->place);
  pack_text (packer, &copy->communication);
  pack_text (packer, &copy->governance);
  if (copy != *portrait)
    {
      free_owned (packer->self, *portrait);
      *portrait = copy;
    }
}

static void
pack_fields (Packer *packer)
{
  MoissonInitiative *self = packer->self;

  pack_strv (packer, &self->departements);
  pack_strv (packer, &self->fields);
  pack_strv (packer, &self->actors);
  pack_strv (packer, &self->partners);
  pack_strv (packer, &self->tags);
  pack_strv (packer, &self->extra);
  pack_portrait (packer, &self->portrait);
  pack_text (packer, &self->id);
  pack_text (packer, &self->title);
  pack_text (packer, &self->summary);
  pack_text (packer, &self->description);
  pack_text (packer, &self->contact);
  pack_text (packer, &self->source);
  pack_text (packer, &self->source_url);
  pack_text (packer, &self->updated);
  for (guint i = 0; i < self->links->len; i++)
    {
      MoissonLink *link = &g_array_index (self->links, MoissonLink, i);

      pack_text (packer, &link->label);
      pack_text (packer, &link->url);
    }
  for (guint i = 0; self->spread != NULL && i < self->spread->len; i++)
    pack_text (packer, &g_array_index (self->spread, MoissonSpreadStep, i).departement);
}

/**
 * _moisson_initiative_pack:
 *
 * Moves every string of @self into one new block, the old block's and the
 * fields' own alike: a feed's many initiatives cost one allocation each for
 * their text. Only before the initiative is handed out, as its strings move.
 */
void
_moisson_initiative_pack (MoissonInitiative *self)
{
  Packer packer = { self, NULL, NULL, 0, 0 };
  char *block;

  pack_fields (&packer);
  /* A byte more: a block even for an initiative without text. */
  block = g_malloc (packer.room_size + packer.text_size + 1);
  packer.room = block;
  packer.text = block + packer.room_size;
  pack_fields (&packer);
  g_array_set_clear_func (self->links, NULL);
  if (self->spread != NULL)
    g_array_set_clear_func (self->spread, NULL);
  g_free (self->block);
  self->block = block;
  self->block_size = packer.room_size + packer.text_size + 1;
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

static void
clear_spread_step (gpointer data)
{
  g_free (((MoissonSpreadStep *) data)->departement);
}

GArray *
_moisson_spread_new (void)
{
  GArray *spread = g_array_new (FALSE, TRUE, sizeof (MoissonSpreadStep));

  g_array_set_clear_func (spread, clear_spread_step);
  return spread;
}

/* The départements where it started and where it was taken up, with their
 * years, as the feed's "spread" gives them. */
guint
moisson_initiative_get_n_spread_steps (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), 0);
  return self->spread != NULL ? self->spread->len : 0;
}

const MoissonSpreadStep *
moisson_initiative_get_spread_step (MoissonInitiative *self,
                                    guint              index)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  g_return_val_if_fail (index < moisson_initiative_get_n_spread_steps (self), NULL);
  return &g_array_index (self->spread, MoissonSpreadStep, index);
}

/**
 * moisson_initiative_get_spread_origin:
 *
 * Where arrows to the adopters start: the first origin given.
 *
 * Returns: (nullable): %NULL when the feed names no origin
 */
const MoissonSpreadStep *
moisson_initiative_get_spread_origin (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);

  for (guint i = 0; self->spread != NULL && i < self->spread->len; i++)
    if (g_array_index (self->spread, MoissonSpreadStep, i).role == MOISSON_SPREAD_ORIGIN)
      return &g_array_index (self->spread, MoissonSpreadStep, i);
  return NULL;
}

guint
moisson_initiative_count_adopters (MoissonInitiative *self)
{
  guint n = 0;

  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), 0);

  for (guint i = 0; self->spread != NULL && i < self->spread->len; i++)
    n += g_array_index (self->spread, MoissonSpreadStep, i).role == MOISSON_SPREAD_ADOPTER;
  return n;
}

const char *
moisson_spread_role_to_string (MoissonSpreadRole role)
{
  return role == MOISSON_SPREAD_ADOPTER ? "adopter" : "origin";
}

/* A date as feeds write it: 2024-03-05 (with a time or not), 2024-03,
 * 2024, or 05/03/2024. A month or a year stands for its last day: a record
 * is never taken for older than it may be. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint year = 0, month = 0, day = 0;
  int n = 0;

  g_date_clear (date, 1);
  if (text == NULL)
    return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%n", &year, &month, &day, &n) == 3 && n == 10)
    ;
  else if (sscanf (text, "%2u/%2u/%4u%n", &day, &month, &year, &n) == 3 && n == 10)
    ;
  else if (sscanf (text, "%4u-%2u%n", &year, &month, &n) == 2 && n == 7 && text[n] == '\0')
    day = month >= 1 && month <= 12 && year >= 1 && year <= 9999 ? g_date_get_days_in_month (month, year) : 0;
  else if (sscanf (text, "%4u%n", &year, &n) == 1 && n == 4 && text[n] == '\0')
    month = 12, day = 31;
  else
    return FALSE;
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/**
 * moisson_initiative_get_updated_date:
 * @date: (out caller-allocates): the day of the last update
 *
 * Returns: whether "updated" gives a date that can be read
 */
gboolean
moisson_initiative_get_updated_date (MoissonInitiative *self,
                                     GDate             *date)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);
  return parse_date (self->updated, date);
}

static void
today_or (const GDate *today,
          GDate       *day)
{
  if (today != NULL && g_date_valid (today))
    *day = *today;
  else
    {
      g_date_clear (day, 1);
      g_date_set_time_t (day, time (NULL));
    }
}

/**
 * moisson_initiative_is_stale:
 * @today: (nullable): the day to count from; %NULL for today
 *
 * Whether the record was last updated more than two years before @today:
 * « à vérifier ». A record without a date of update is not marked.
 */
gboolean
moisson_initiative_is_stale (MoissonInitiative *self,
                             const GDate       *today)
{
  GDate updated, day;

  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), FALSE);

  if (!parse_date (self->updated, &updated))
    return FALSE;
  today_or (today, &day);
  g_date_add_years (&updated, 2);
  return g_date_compare (&updated, &day) < 0;
}

/**
 * moisson_initiative_dup_age_label:
 * @today: (nullable): the day to count from; %NULL for today
 *
 * Returns: (transfer full) (nullable): "Updated 3 years ago"; %NULL
 *   without a date of update that can be read
 */
char *
moisson_initiative_dup_age_label (MoissonInitiative *self,
                                  const GDate       *today)
{
  GDate updated, day;
  int days, months;

  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);

  if (!parse_date (self->updated, &updated))
    return NULL;
  today_or (today, &day);
  days = g_date_days_between (&updated, &day);
  if (days < 0)
    return g_strdup (_("Updated in the future"));
  if (days == 0)
    return g_strdup (_("Updated today"));
  months = (g_date_get_year (&day) - g_date_get_year (&updated)) * 12 +
           g_date_get_month (&day) - g_date_get_month (&updated) -
           (g_date_get_day (&day) < g_date_get_day (&updated) ? 1 : 0);
  if (months < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Updated %d day ago", "Updated %d days ago", days), days);
  if (months < 12)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Updated %d month ago", "Updated %d months ago", months),
                            months);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Updated %d year ago", "Updated %d years ago", months / 12),
                          months / 12);
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

static const char * const review_names[] = { "pending", "accepted", "rejected" };

const char *
moisson_review_to_string (MoissonReview review)
{
  return review < G_N_ELEMENTS (review_names) ? review_names[review] : review_names[0];
}

MoissonReview
moisson_review_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (review_names); i++)
    if (g_ascii_strcasecmp (text, review_names[i]) == 0)
      return i;
  return MOISSON_REVIEW_PENDING;
}

static const char * const sync_names[] = { "local", "sent", "failed", "accepted", "refused" };

const char *
moisson_sync_to_string (MoissonSync sync)
{
  return sync < G_N_ELEMENTS (sync_names) ? sync_names[sync] : sync_names[0];
}

MoissonSync
moisson_sync_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (sync_names); i++)
    if (g_ascii_strcasecmp (text, sync_names[i]) == 0)
      return i;
  return MOISSON_SYNC_LOCAL;
}

void
_moisson_contribution_free (MoissonContribution *contribution)
{
  if (contribution == NULL)
    return;
  g_free (contribution->sync_error);
  g_free (contribution->author);
  g_free (contribution->workshop);
  g_free (contribution->created);
  g_free (contribution);
}

/* NULL for an initiative of the feed. */
const MoissonContribution *
moisson_initiative_get_contribution (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  return self->contribution;
}

static char *
dup_trimmed (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

/* NULL when the form left every heading empty. */
static MoissonPortrait *
dup_trimmed_portrait (const MoissonPortrait *portrait)
{
  MoissonPortrait *copy;

  if (portrait == NULL)
    return NULL;
  copy = g_new0 (MoissonPortrait, 1);
  copy->vision = dup_trimmed (portrait->vision);
  copy->activities = dup_trimmed (portrait->activities);
  copy->methods = dup_trimmed (portrait->methods);
  copy->team = dup_trimmed (portrait->team);
  copy->budget = dup_trimmed (portrait->budget);
  copy->place = dup_trimmed (portrait->place);
  copy->communication = dup_trimmed (portrait->communication);
  copy->governance = dup_trimmed (portrait->governance);
  if (copy->vision == NULL && copy->activities == NULL && copy->methods == NULL && copy->team == NULL &&
      copy->budget == NULL && copy->place == NULL && copy->communication == NULL && copy->governance == NULL)
    g_clear_pointer (&copy, free_portrait);
  return copy;
}

static GStrv
dup_trimmed_list (const char * const *items)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_autofree char *item = dup_trimmed (items[i]);

      if (item != NULL)
        g_strv_builder_add (builder, item);
    }
  return g_strv_builder_end (builder);
}

/**
 * moisson_initiative_new_from_draft:
 *
 * An initiative added in a workshop: pending review, dated now.
 *
 * Returns: (transfer full): the new initiative
 */
MoissonInitiative *
moisson_initiative_new_from_draft (const MoissonDraft *draft)
{
  MoissonInitiative *self;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *link = NULL;

  g_return_val_if_fail (draft != NULL, NULL);

  self = _moisson_initiative_new ();
  if (draft->id != NULL)
    self->id = g_strdup (draft->id);
  else
    {
      g_autofree char *uuid = g_uuid_string_random ();

      self->id = g_strconcat ("atelier-", uuid, NULL);
    }
  self->title = dup_trimmed (draft->title);
  for (guint i = 0; draft->departements != NULL && draft->departements[i] != NULL; i++)
    {
      char *code = moisson_insee_normalize_code (draft->departements[i]);

      if (g_hash_table_add (seen, code))
        g_strv_builder_add (codes, code);
    }
  self->departements = g_strv_builder_end (codes);
  self->fields = dup_trimmed_list ((const char * const *) draft->fields);
  self->kind = draft->kind;
  self->status = draft->status;
  self->year = draft->year;
  self->summary = dup_trimmed (draft->summary);
  self->actors = dup_trimmed_list ((const char * const *) draft->actors);
  self->contact = dup_trimmed (draft->contact);
  link = dup_trimmed (draft->link);
  if (link != NULL)
    {
      MoissonLink entry = { NULL, g_steal_pointer (&link) };
      g_array_append_val (self->links, entry);
    }
  self->portrait = dup_trimmed_portrait (draft->portrait);
  self->updated = g_date_time_format (now, "%Y-%m-%d");

  self->contribution = g_new0 (MoissonContribution, 1);
  self->contribution->author = dup_trimmed (draft->author);
  self->contribution->workshop = dup_trimmed (draft->workshop);
  self->contribution->created = g_date_time_format_iso8601 (now);
  self->contribution->review = MOISSON_REVIEW_PENDING;

  return self;
}

/**
 * moisson_initiative_to_draft:
 *
 * Returns: (transfer full): what the form shows to edit the initiative
 */
MoissonDraft *
moisson_initiative_to_draft (MoissonInitiative *self)
{
  MoissonDraft *draft;

  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);

  draft = g_new0 (MoissonDraft, 1);
  draft->id = g_strdup (self->id);
  draft->title = g_strdup (self->title);
  draft->departements = g_strdupv (self->departements);
  draft->fields = g_strdupv (self->fields);
  draft->kind = self->kind;
  draft->status = self->status;
  draft->year = self->year;
  draft->summary = g_strdup (self->summary);
  draft->actors = g_strdupv (self->actors);
  draft->contact = g_strdup (self->contact);
  draft->link = self->links->len > 0 ? g_strdup (g_array_index (self->links, MoissonLink, 0).url) : NULL;
  draft->portrait = copy_portrait (self->portrait);
  if (self->contribution != NULL)
    {
      draft->author = g_strdup (self->contribution->author);
      draft->workshop = g_strdup (self->contribution->workshop);
    }
  return draft;
}

/* A copy of a contribution with another review; the rest unchanged. */
MoissonInitiative *
moisson_initiative_with_review (MoissonInitiative *self,
                                MoissonReview      review)
{
  g_autoptr(MoissonDraft) draft = NULL;
  MoissonInitiative *copy;

  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);
  g_return_val_if_fail (self->contribution != NULL, NULL);

  draft = moisson_initiative_to_draft (self);
  copy = moisson_initiative_new_from_draft (draft);
  g_free (copy->contribution->created);
  copy->contribution->created = g_strdup (self->contribution->created);
  copy->contribution->review = review;
  return copy;
}

void
moisson_draft_free (MoissonDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->id);
  g_free (draft->title);
  g_strfreev (draft->departements);
  g_strfreev (draft->fields);
  g_free (draft->summary);
  g_strfreev (draft->actors);
  g_free (draft->contact);
  g_free (draft->link);
  g_free (draft->author);
  g_free (draft->workshop);
  free_portrait (draft->portrait);
  g_free (draft);
}

static void
free_draft_problem (MoissonDraftProblem *problem)
{
  g_free (problem->message);
  g_free (problem);
}

G_GNUC_PRINTF (3, 4)
static void
add_draft_problem (GPtrArray  *problems,
                   const char *field,
                   const char *format,
                   ...)
{
  MoissonDraftProblem *problem = g_new0 (MoissonDraftProblem, 1);
  va_list args;

  va_start (args, format);
  problem->field = field;
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (problems, problem);
}

/**
 * moisson_draft_validate:
 * @known_fields: (nullable) (element-type MoissonField): the taxonomy
 *
 * Returns: (transfer full) (element-type MoissonDraftProblem): what keeps
 *   the draft from being saved; empty when it can be
 */
GPtrArray *
moisson_draft_validate (const MoissonDraft *draft,
                        GPtrArray          *known_fields)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) free_draft_problem);
  g_autofree char *title = NULL;
  g_autofree char *link = NULL;
  guint n_codes = 0;

  g_return_val_if_fail (draft != NULL, problems);

  title = dup_trimmed (draft->title);
  if (title == NULL)
    add_draft_problem (problems, "title", _("Give the initiative a title."));
  else if (g_utf8_strlen (title, -1) < 3)
    add_draft_problem (problems, "title", _("The title is too short."));

  for (guint i = 0; draft->departements != NULL && draft->departements[i] != NULL; i++)
    {
      g_autofree char *code = moisson_insee_normalize_code (draft->departements[i]);

      if (!moisson_insee_is_departement_code (code))
        add_draft_problem (problems, "departements", _("“%s” is not a département code."), draft->departements[i]);
      else
        n_codes++;
    }
  if (n_codes == 0)
    add_draft_problem (problems, "departements", _("Choose at least one département: click it on the map."));

  if (draft->fields == NULL || draft->fields[0] == NULL)
    add_draft_problem (problems, "fields", _("Choose at least one field."));
  for (guint i = 0; draft->fields != NULL && draft->fields[i] != NULL && known_fields != NULL; i++)
    {
      gboolean known = FALSE;

      for (guint f = 0; f < known_fields->len && !known; f++)
        known = g_strcmp0 (((const MoissonField *) g_ptr_array_index (known_fields, f))->id, draft->fields[i]) == 0;
      if (!known)
        add_draft_problem (problems, "fields", _("Unknown field “%s”."), draft->fields[i]);
    }

  link = dup_trimmed (draft->link);
  if (link != NULL && !moisson_uri_is_safe_link (link))
    add_draft_problem (problems, "link", _("The link must be a web address (https://…) or a mail address (mailto:…)."));

  if (draft->year != 0 && (draft->year < 1900 || draft->year > 2100))
    add_draft_problem (problems, "year", _("The year must be between 1900 and 2100."));

  return problems;
}

/* "Added in a workshop · to review" for lists; "" for feed initiatives. */
const char *
moisson_initiative_get_contribution_label (MoissonInitiative *self)
{
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (self), NULL);

  if (self->contribution == NULL)
    return "";
  switch (self->contribution->review)
    {
    case MOISSON_REVIEW_ACCEPTED:
      return _("Added in a workshop · accepted");
    case MOISSON_REVIEW_REJECTED:
      return _("Added in a workshop · rejected");
    case MOISSON_REVIEW_PENDING:
    default:
      return _("Added in a workshop · to review");
    }
}
