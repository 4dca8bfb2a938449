/* moisson-feed.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-feed.h"

#include <glib/gi18n-lib.h>
#include <json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "moisson-cleanups-private.h"
#include "moisson-cog.h"
#include "moisson-feed-private.h"
#include "moisson-initiative-private.h"
#include "moisson-insee.h"
#include "moisson-text.h"

/* Tolerant in what it reads, strict in what it keeps: every entry or value
 * that is not kept is reported as a problem, never silently dropped. */

G_DEFINE_FINAL_TYPE (MoissonFeed, moisson_feed, G_TYPE_OBJECT)

/* As deep as JSON may nest in a feed; an entry starts two levels down. */
#define MAX_DEPTH 64
/* More objects and lists than any initiative holds: such an entry is
 * refused unread, so that its tree never fills memory. */
#define MAX_ENTRY_CONTAINERS 10000
G_DEFINE_QUARK (moisson-feed-error-quark, moisson_feed_error)

/* Used when a feed brings no taxonomy of its own (GeoJSON, older feeds). */
static const struct
{
  const char *id;
  const char *label;
  const char *color;
} default_fields[] = {
  { "solidarites", N_("Solidarités"), "#d55e00" },
  { "developpement-local", N_("Développement local"), "#009e73" },
  { "service-public", N_("Nouveau service public"), "#0072b2" },
  { "emploi", N_("Croissance et emploi"), "#e69f00" },
  { "numerique", N_("Numérique"), "#56b4e9" },
  { "sante", N_("Santé"), "#cc79a7" },
  { "education-jeunesse", N_("Éducation et jeunesse"), "#f0e442" },
  { "participation", N_("Participation citoyenne"), "#999999" },
  { "innovation-publique", N_("Innovation publique"), "#7b3294" },
  { "environnement", N_("Transition écologique"), "#4d9221" },
};

/* What a member of a GeoJSON feature's properties, or a column of a table,
 * holds, by its name folded ("Code INSEE" → "code_insee"). Of several
 * members of one role, the first filled in this order wins, but for links
 * and contacts, which are all kept. */
typedef enum
{
  ROLE_NONE,
  ROLE_TITLE,
  ROLE_DESCRIPTION,
  ROLE_LINK,
  ROLE_CONTACT,
  ROLE_YEAR,
  ROLE_TAGS,
  ROLE_DEPARTEMENT,         /* a code, or a name */
  ROLE_DEPARTEMENT_NAME,
  ROLE_COMMUNE,             /* an INSEE commune code */
  ROLE_EPCI,                /* an EPCI's SIREN number */
  ROLE_POSTAL_CODE,
  ROLE_LATITUDE,
  ROLE_LONGITUDE,
  ROLE_X,                   /* longitude, if it looks like degrees */
  ROLE_Y,
  ROLE_UPDATED,             /* when the entry was last changed: not the year it started */
  ROLE_SOURCE,
} Role;

static const struct
{
  const char *key;
  Role role;
} key_roles[] = {
  { "title", ROLE_TITLE }, { "titre", ROLE_TITLE }, { "name", ROLE_TITLE }, { "nom", ROLE_TITLE },
  { "libelle", ROLE_TITLE }, { "label", ROLE_TITLE }, { "intitule", ROLE_TITLE },
  { "description", ROLE_DESCRIPTION }, { "descriptif", ROLE_DESCRIPTION }, { "resume", ROLE_DESCRIPTION },
  { "summary", ROLE_DESCRIPTION }, { "desc", ROLE_DESCRIPTION }, { "presentation", ROLE_DESCRIPTION },
  { "presentation_resume", ROLE_DESCRIPTION }, { "presentation_detail", ROLE_DESCRIPTION },
  { "objet", ROLE_DESCRIPTION },
  { "url", ROLE_LINK }, { "site", ROLE_LINK }, { "site_web", ROLE_LINK }, { "site_internet", ROLE_LINK },
  { "siteweb", ROLE_LINK }, { "lien", ROLE_LINK }, { "website", ROLE_LINK }, { "web", ROLE_LINK },
  { "link", ROLE_LINK }, { "homepage", ROLE_LINK },
  { "contact", ROLE_CONTACT }, { "email", ROLE_CONTACT }, { "e_mail", ROLE_CONTACT }, { "mail", ROLE_CONTACT },
  { "courriel", ROLE_CONTACT }, { "courriels", ROLE_CONTACT }, { "adresse_mail", ROLE_CONTACT }, { "telephone", ROLE_CONTACT },
  { "tel", ROLE_CONTACT }, { "phone", ROLE_CONTACT },
  { "annee", ROLE_YEAR }, { "year", ROLE_YEAR }, { "annee_creation", ROLE_YEAR },
  /* Before the "date_" of a creation: the date of an update says nothing
   * of when an initiative started. */
  { "date_maj", ROLE_UPDATED }, { "date_mise_a_jour", ROLE_UPDATED }, { "date_de_mise_a_jour", ROLE_UPDATED },
  { "mise_a_jour", ROLE_UPDATED }, { "maj", ROLE_UPDATED }, { "derniere_mise_a_jour", ROLE_UPDATED },
  { "date_modification", ROLE_UPDATED }, { "date_de_modification", ROLE_UPDATED }, { "updated", ROLE_UPDATED },
  { "last_update", ROLE_UPDATED }, { "updated_at", ROLE_UPDATED }, { "modified", ROLE_UPDATED },
  { "source", ROLE_SOURCE }, { "sources", ROLE_SOURCE },
  { "tags", ROLE_TAGS }, { "tag", ROLE_TAGS }, { "mots_cles", ROLE_TAGS }, { "mot_cle", ROLE_TAGS },
  { "keywords", ROLE_TAGS }, { "etiquettes", ROLE_TAGS }, { "thematiques", ROLE_TAGS },
  { "thematique", ROLE_TAGS },
  { "departement", ROLE_DEPARTEMENT }, { "departements", ROLE_DEPARTEMENT },
  { "code_departement", ROLE_DEPARTEMENT }, { "code_dep", ROLE_DEPARTEMENT }, { "code_dept", ROLE_DEPARTEMENT },
  { "dep", ROLE_DEPARTEMENT }, { "dept", ROLE_DEPARTEMENT }, { "insee_dep", ROLE_DEPARTEMENT },
  { "num_dep", ROLE_DEPARTEMENT }, { "departement_code", ROLE_DEPARTEMENT }, { "code_du_departement", ROLE_DEPARTEMENT },
  { "numero_departement", ROLE_DEPARTEMENT }, { "cod_dep", ROLE_DEPARTEMENT }, { "dep_code", ROLE_DEPARTEMENT },
  { "nom_departement", ROLE_DEPARTEMENT_NAME }, { "nom_dep", ROLE_DEPARTEMENT_NAME },
  { "nom_dept", ROLE_DEPARTEMENT_NAME }, { "lib_dep", ROLE_DEPARTEMENT_NAME },
  { "lib_departement", ROLE_DEPARTEMENT_NAME }, { "libelle_departement", ROLE_DEPARTEMENT_NAME },
  { "departement_nom", ROLE_DEPARTEMENT_NAME }, { "dep_nom", ROLE_DEPARTEMENT_NAME },
  { "dep_name", ROLE_DEPARTEMENT_NAME }, { "departement_name", ROLE_DEPARTEMENT_NAME },
  { "code_insee", ROLE_COMMUNE }, { "insee", ROLE_COMMUNE }, { "insee_com", ROLE_COMMUNE },
  { "codgeo", ROLE_COMMUNE }, { "code_commune", ROLE_COMMUNE }, { "code_commune_insee", ROLE_COMMUNE },
  { "code_com", ROLE_COMMUNE }, { "depcom", ROLE_COMMUNE }, { "com_insee", ROLE_COMMUNE },
  { "codeinsee", ROLE_COMMUNE }, { "insee_code", ROLE_COMMUNE }, { "citycode", ROLE_COMMUNE },
  { "cog", ROLE_COMMUNE }, { "com", ROLE_COMMUNE },
  /* Tried in this order, after the communes, as members sort by rank. */
  { "siren_epci", ROLE_EPCI }, { "epci_siren", ROLE_EPCI }, { "code_epci", ROLE_EPCI },
  { "epci", ROLE_EPCI },
  { "code_postal", ROLE_POSTAL_CODE }, { "codepostal", ROLE_POSTAL_CODE }, { "cp", ROLE_POSTAL_CODE },
  { "postcode", ROLE_POSTAL_CODE }, { "postal_code", ROLE_POSTAL_CODE }, { "code_post", ROLE_POSTAL_CODE },
  { "zipcode", ROLE_POSTAL_CODE }, { "zip", ROLE_POSTAL_CODE },
  { "latitude", ROLE_LATITUDE }, { "lat", ROLE_LATITUDE }, { "y_latitude", ROLE_LATITUDE },
  { "longitude", ROLE_LONGITUDE }, { "lon", ROLE_LONGITUDE }, { "lng", ROLE_LONGITUDE },
  { "long", ROLE_LONGITUDE }, { "x_longitude", ROLE_LONGITUDE },
  { "x", ROLE_X }, { "y", ROLE_Y },
};

/* Beyond this, a feed of ever new member names is classified unremembered. */
#define MAX_REMEMBERED_KEYS 4096

static void
free_field (MoissonField *field)
{
  g_free (field->id);
  g_free (field->label);
  g_free (field->color);
  g_free (field);
}

MoissonFeedProblem *
_moisson_feed_problem_new (int         index,
                           const char *id,
                           char       *message)
{
  MoissonFeedProblem *problem = g_new0 (MoissonFeedProblem, 1);

  problem->index = index;
  /* A member's name is quoted as written, which JSON does not make UTF-8:
   * the reports and the window show text only. */
  problem->id = id != NULL && !g_utf8_validate (id, -1, NULL) ? g_utf8_make_valid (id, -1) : g_strdup (id);
  if (!g_utf8_validate (message, -1, NULL))
    {
      char *valid = g_utf8_make_valid (message, -1);

      g_free (message);
      message = valid;
    }
  problem->message = message;
  return problem;
}

void
_moisson_feed_problem_free (MoissonFeedProblem *problem)
{
  g_free (problem->id);
  g_free (problem->message);
  g_free (problem);
}

static void
clear_entry (gpointer data)
{
  MoissonFeedEntry *entry = data;

  g_clear_object (&entry->initiative);
}

static void
moisson_feed_finalize (GObject *object)
{
  MoissonFeed *self = (MoissonFeed *) object;

  g_free (self->title);
  g_clear_pointer (&self->fields_by_id, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_array_unref);
  g_string_free (self->codes, TRUE);
  g_string_free (self->texts, TRUE);
  g_clear_pointer (&self->extras, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->roles, g_hash_table_unref);
  g_clear_pointer (&self->json, g_ptr_array_unref);
  g_clear_pointer (&self->read_problems, g_ptr_array_unref);
  g_clear_pointer (&self->list_problems, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->initiatives, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->placing_problems, g_ptr_array_unref);
  g_clear_pointer (&self->kept, g_ptr_array_unref);
  g_free (self->uri);
  g_clear_pointer (&self->data_date, g_date_time_unref);
  g_free (self->offline_reason);

  G_OBJECT_CLASS (moisson_feed_parent_class)->finalize (object);
}

static void
moisson_feed_class_init (MoissonFeedClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = moisson_feed_finalize;
}

static void
moisson_feed_init (MoissonFeed *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) free_field);
  self->fields_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->entries = g_array_new (FALSE, FALSE, sizeof (MoissonFeedEntry));
  g_array_set_clear_func (self->entries, clear_entry);
  self->codes = g_string_new (NULL);
  self->texts = g_string_new (NULL);
  self->extras = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_strfreev);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->json = g_ptr_array_new_with_free_func (g_free);
  self->read_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) _moisson_feed_problem_free);
  self->list_problems = g_ptr_array_new_with_free_func (g_free);
  self->initiatives = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->problems = g_ptr_array_new ();
  self->placing_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) _moisson_feed_problem_free);
  self->kept = g_ptr_array_new ();
}

/* A problem of reading; @codes: of a list of codes that is only looked at
 * when those before it give no known code (see MoissonFeedCodes). */
G_GNUC_PRINTF (5, 6)
static void
add_problem_to (MoissonFeed      *self,
                MoissonFeedCodes *codes,
                int               index,
                const char       *id,
                const char       *format,
                ...)
{
  va_list args;

  /* Every problem of reading so far comes before this one once placed: it
   * can only be counted past the limit. */
  if (self->n_read_problems >= MOISSON_FEED_MAX_PROBLEMS)
    {
      if (codes != NULL)
        codes->n_more_problems++;
      else
        self->n_read_problems++;
      return;
    }
  va_start (args, format);
  if (codes != NULL)
    {
      g_ptr_array_add (self->list_problems, g_strdup_vprintf (format, args));
      codes->n_problems++;
    }
  else
    {
      g_ptr_array_add (self->read_problems, _moisson_feed_problem_new (index, id, g_strdup_vprintf (format, args)));
      self->n_read_problems++;
    }
  va_end (args);
}

#define add_problem(self, index, id, ...) add_problem_to (self, NULL, index, id, __VA_ARGS__)

void
_moisson_feed_add_problem (MoissonFeed *self,
                           int          index,
                           const char  *id,
                           const char  *format,
                           ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  add_problem (self, index, id, "%s", message);
}

static void
add_field (MoissonFeed *self,
           const char  *id,
           const char  *label,
           const char  *color)
{
  MoissonField *field = g_new0 (MoissonField, 1);

  field->id = g_strdup (id);
  field->label = g_strdup (label != NULL ? label : id);
  field->color = g_strdup (color);
  g_ptr_array_add (self->fields, field);
  g_hash_table_insert (self->fields_by_id, field->id, field);
}

/* The values of an entry, as json-c built them or as read straight from
 * the text (see read_fast ()): the readers below take either. */
typedef struct _Node Node;

struct _Node
{
  json_type type;
  guint32 length;           /* a string's bytes; a container's members or items */
  gint64 integer;
  double number;
  const char *string;       /* ended by a NUL, which @length does not count */
  gboolean ascii;           /* a string of ASCII only: valid UTF-8, no NUL inside */
  const char *key;          /* a member's name, without a NUL inside */
  guint32 key_length;
  const Node *first;        /* a container's first member or item */
  guint64 keys;             /* an object's: the key_bit () of each member */
  const Node *next;         /* the member or item after this one */
  const char *text;         /* a double or a container as written */
  gsize text_length;
  /* While reading: offsets, made pointers once the entry is read. */
  gsize string_at, key_at;
  guint32 first_at, next_at;
};

typedef struct
{
  json_object *json;
  const Node *node;
} Value;

#define JSON_VALUE(object) ((Value) { (object), NULL })

/* Most members looked for are not there: a bit of each name tells most of
 * them at once. */
static inline guint64
key_bit (const char *key,
         gsize       length)
{
  return G_GUINT64_CONSTANT (1) << ((length * 7 + (guchar) key[0]) & 63);
}

static json_type
type_of (Value value)
{
  return value.node != NULL ? value.node->type : json_object_get_type (value.json);
}

/* As json_object_object_get_ex (): whether @object has the member @key,
 * which may be null. */
static gboolean
member_named (Value       object,
              const char *key,
              gsize       length,
              Value      *value)
{
  const Node *found = NULL;

  if (object.node == NULL)
    {
      json_object *json = NULL;

      if (!json_object_object_get_ex (object.json, key, &json))
        return FALSE;
      if (value != NULL)
        *value = JSON_VALUE (json);
      return TRUE;
    }
  if (object.node->type != json_type_object)
    return FALSE;
  if ((object.node->keys & key_bit (key, length)) == 0)
    return FALSE;
  for (const Node *member = object.node->first; member != NULL && found == NULL; member = member->next)
    if (member->key_length == length && memcmp (member->key, key, length) == 0)
      found = member;
  if (found != NULL && value != NULL)
    *value = (Value) { NULL, found };
  return found != NULL;
}

/* The length of a literal @key is counted once, by the compiler. */
#define member_of(object, key, value) member_named (object, key, strlen (key), value)

static const char *
string_of (Value  value,
           gsize *length)
{
  if (length != NULL)
    *length = value.node != NULL ? value.node->length : (gsize) json_object_get_string_len (value.json);
  return value.node != NULL ? value.node->string : json_object_get_string (value.json);
}

/* As json_object_get_double (), for any type. */
static double
double_of (Value value)
{
  const Node *node = value.node;

  if (node == NULL)
    return json_object_get_double (value.json);
  switch (node->type)
    {
    case json_type_int:
    case json_type_boolean:
      return (double) node->integer;
    case json_type_double:
      return node->number;
    case json_type_string:
      {
        g_autoptr(json_object) text = json_object_new_string_len (node->string, node->length);

        return json_object_get_double (text);
      }
    case json_type_null:
    case json_type_object:
    case json_type_array:
    default:
      return 0;
    }
}

/* An object's members, or a list's items. */
static gsize
length_of (Value value)
{
  if (value.node != NULL)
    return value.node->length;
  return type_of (value) == json_type_object ? (gsize) json_object_object_length (value.json)
                                             : json_object_array_length (value.json);
}

/* The items of a list, or the members of an object, in order. */
typedef struct
{
  Value list;
  gsize index;
  struct lh_entry *entry;
  const Node *node;
} Items;

static void
items_init (Items *items,
            Value  list)
{
  g_assert (type_of (list) == json_type_array || type_of (list) == json_type_object);
  *items = (Items) { list, 0, NULL, list.node != NULL ? list.node->first : NULL };
  if (list.node == NULL && type_of (list) == json_type_object)
    items->entry = json_object_get_object (list.json)->head;
}

/* @key: (nullable): a member's name */
static gboolean
items_next_member (Items       *items,
                   const char **key,
                   Value       *item)
{
  if (items->list.node != NULL)
    {
      if (items->node == NULL)
        return FALSE;
      *item = (Value) { NULL, items->node };
      if (key != NULL)
        *key = items->node->key;
      items->node = items->node->next;
      return TRUE;
    }
  if (type_of (items->list) == json_type_object)
    {
      if (items->entry == NULL)
        return FALSE;
      *item = JSON_VALUE ((json_object *) lh_entry_v (items->entry));
      if (key != NULL)
        *key = lh_entry_k (items->entry);
      items->entry = items->entry->next;
      return TRUE;
    }
  if (items->index >= json_object_array_length (items->list.json))
    return FALSE;
  *item = JSON_VALUE (json_object_array_get_idx (items->list.json, items->index++));
  return TRUE;
}

static gboolean
items_next (Items *items,
            Value *item)
{
  return items_next_member (items, NULL, item);
}

/* As json_object_get_string (), a copy, an object or a list written with
 * @flags: for a value read from the text, json-c writes those. */
static char *
dup_json_string (Value value,
                 int   flags)
{
  g_autoptr(json_object) json = NULL;
  const Node *node = value.node;

  if (node == NULL)
    return g_strdup (type_of (value) == json_type_object || type_of (value) == json_type_array
                       ? json_object_to_json_string_ext (value.json, flags)
                       : json_object_get_string (value.json));
  switch (node->type)
    {
    case json_type_string:
      return g_strdup (node->string);
    case json_type_int:
      return g_strdup_printf ("%" G_GINT64_FORMAT, node->integer);
    case json_type_double:
      return g_strndup (node->text, node->text_length);
    case json_type_boolean:
      return g_strdup (node->integer != 0 ? "true" : "false");
    case json_type_object:
    case json_type_array:
      {
        json_tokener *tokener = json_tokener_new ();

        json = json_tokener_parse_ex (tokener, node->text, (int) node->text_length);
        json_tokener_free (tokener);
        return g_strdup (json_object_to_json_string_ext (json, flags));
      }
    case json_type_null:
    default:
      return NULL;
    }
}

/* Text from the feed is kept as text: valid UTF-8, trimmed, never markup.
 * @length (-1: up to a NUL) counts any NUL that "\u0000" put inside: each
 * becomes U+FFFD, as invalid bytes do, so "a\u0000x" and "a\u0000y" stay
 * two ids and not both "a". */
static char *
dup_valid_text (const char *text,
                gsize       length)
{
  while (length > 0 && g_ascii_isspace (*text))
    text++, length--;
  while (length > 0 && g_ascii_isspace (text[length - 1]))
    length--;
  return length > 0 ? g_strndup (text, length) : NULL;
}

static char *
dup_text (const char *text,
          gssize      length)
{
  char *copy;

  if (text == NULL)
    return NULL;
  if (length < 0)
    length = strlen (text);
  /* Most text is valid: trimmed, then copied once. */
  if (g_utf8_validate_len (text, length, NULL))
    return dup_valid_text (text, length);
  copy = g_utf8_make_valid (text, length);
  g_strstrip (copy);
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

/* A string, or a number written as one; NULL for anything else. */
static char *
scalar_to_text (Value value)
{
  switch (type_of (value))
    {
    case json_type_string:
      {
        gsize length;
        const char *text = string_of (value, &length);

        if (value.node != NULL && value.node->ascii)
          return dup_valid_text (text, length);
        return dup_text (text, length);
      }
    case json_type_int:
      return g_strdup_printf ("%" G_GINT64_FORMAT,
                              value.node != NULL ? value.node->integer : json_object_get_int64 (value.json));
    case json_type_double:
      {
        double number = double_of (value);

        if (isfinite (number) && number == floor (number) && fabs (number) < 1e15)
          return g_strdup_printf ("%.0f", number);
        return value.node != NULL ? g_strndup (value.node->text, value.node->text_length)
                                  : g_strdup (json_object_to_json_string (value.json));
      }
    case json_type_null:
    case json_type_boolean:
    case json_type_object:
    case json_type_array:
    default:
      return NULL;
    }
}

static const char *
type_name (Value value)
{
  switch (type_of (value))
    {
    case json_type_string:
      return _("a text");
    case json_type_int:
    case json_type_double:
      return _("a number");
    case json_type_boolean:
      return _("true or false");
    case json_type_object:
      return _("an object");
    case json_type_array:
      return _("a list");
    case json_type_null:
    default:
      return _("null");
    }
}

/* A text member; wrong types are reported. */
static char *
get_text (MoissonFeed *self,
          Value        object,
          const char  *key,
          int          index,
          const char  *id)
{
  Value value;
  char *text;

  if (!member_of (object, key, &value) || type_of (value) == json_type_null)
    return NULL;
  text = scalar_to_text (value);
  if (text == NULL && type_of (value) != json_type_string)
    add_problem (self, index, id, _("“%s” should be a text, not %s: ignored."), key, type_name (value));
  return text;
}

/* A list of texts; a single text counts as a list of one. Its problems go
 * to @codes when it is a list of codes that may never be looked at. */
static GStrv
read_text_list (MoissonFeed      *self,
                MoissonFeedCodes *codes,
                Value             object,
                const char       *key,
                int               index,
                const char       *id)
{
  Value value, item;
  GStrv list;
  guint n = 0;

  if (!member_of (object, key, &value) || type_of (value) == json_type_null)
    return NULL;

  if (type_of (value) == json_type_array)
    {
      Items items;

      list = g_new (char *, length_of (value) + 1);
      items_init (&items, value);
      while (items_next (&items, &item))
        {
          if ((list[n] = scalar_to_text (item)) != NULL)
            n++;
          else if (type_of (item) != json_type_string)
            add_problem_to (self, codes, index, id, _("An item of “%s” is %s, not a text: ignored."), key,
                            type_name (item));
        }
    }
  else
    {
      char *text = scalar_to_text (value);

      if (text == NULL)
        {
          add_problem_to (self, codes, index, id, _("“%s” should be a list of texts, not %s: ignored."), key,
                          type_name (value));
          return NULL;
        }
      list = g_new (char *, 2);
      list[n++] = text;
    }
  list[n] = NULL;
  return list;
}

static GStrv
get_text_list (MoissonFeed *self,
               Value        object,
               const char  *key,
               int          index,
               const char  *id)
{
  return read_text_list (self, NULL, object, key, index, id);
}

static gboolean
get_number (Value       object,
            const char *key,
            double     *number)
{
  Value value;

  if (!member_of (object, key, &value))
    return FALSE;
  if (type_of (value) == json_type_int || type_of (value) == json_type_double)
    {
      *number = double_of (value);
      return isfinite (*number);
    }
  if (type_of (value) == json_type_string)
    {
      const char *text = string_of (value, NULL);
      char *end = NULL;

      *number = g_ascii_strtod (text, &end);
      return end != text && *end == '\0' && isfinite (*number);
    }
  return FALSE;
}

static void
read_links (MoissonFeed       *self,
            MoissonInitiative *initiative,
            Value              object,
            int                index)
{
  Value links, item;
  Items items;

  if (!member_of (object, "links", &links) || type_of (links) == json_type_null)
    return;
  if (type_of (links) != json_type_array)
    {
      add_problem (self, index, initiative->id, _("“links” should be a list: ignored."));
      return;
    }

  items_init (&items, links);
  while (items_next (&items, &item))
    {
      MoissonLink link = { NULL, NULL };

      if (type_of (item) == json_type_string)
        link.url = scalar_to_text (item);
      else if (type_of (item) == json_type_object)
        {
          link.url = get_text (self, item, "url", index, initiative->id);
          link.label = get_text (self, item, "label", index, initiative->id);
        }
      if (link.url == NULL)
        {
          g_free (link.label);
          add_problem (self, index, initiative->id, _("A link has no address: ignored."));
          continue;
        }
      g_array_append_val (initiative->links, link);
    }
}

/* "source" is a text, or {title, publisher, date, url}. */
static void
read_source (MoissonFeed       *self,
             MoissonInitiative *initiative,
             Value              object,
             int                index)
{
  Value source;
  g_autoptr(GString) text = NULL;
  static const char * const parts[] = { "title", "publisher", "date" };

  if (!member_of (object, "source", &source) || type_of (source) == json_type_null)
    return;
  if (type_of (source) != json_type_object)
    {
      initiative->source = get_text (self, object, "source", index, initiative->id);
      return;
    }

  text = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *part = get_text (self, source, parts[i], index, initiative->id);

      if (part == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, i == 1 ? " — " : ", ");
      g_string_append (text, part);
    }
  if (text->len > 0)
    initiative->source = g_string_free (g_steal_pointer (&text), FALSE);
  initiative->source_url = get_text (self, source, "url", index, initiative->id);
}

/* "contact" is a text, or {name, email, phone, url}. */
static void
read_contact (MoissonFeed       *self,
              MoissonInitiative *initiative,
              Value              object,
              int                index)
{
  Value contact;
  g_autoptr(GString) text = NULL;
  static const char * const parts[] = { "name", "email", "phone", "url" };

  if (!member_of (object, "contact", &contact) || type_of (contact) == json_type_null)
    return;
  if (type_of (contact) != json_type_object)
    {
      initiative->contact = get_text (self, object, "contact", index, initiative->id);
      return;
    }

  text = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *part = get_text (self, contact, parts[i], index, initiative->id);

      if (part == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, part);
    }
  if (text->len > 0)
    initiative->contact = g_string_free (g_steal_pointer (&text), FALSE);
}

static void
read_portrait (MoissonFeed       *self,
               MoissonInitiative *initiative,
               Value              object,
               int                index)
{
  Value portrait;
  Value organisation = { NULL, NULL };
  MoissonPortrait *card;

  if (!member_of (object, "portrait", &portrait) || type_of (portrait) == json_type_null)
    return;
  if (type_of (portrait) != json_type_object)
    {
      add_problem (self, index, initiative->id, _("“portrait” should be an object: ignored."));
      return;
    }

  card = g_new0 (MoissonPortrait, 1);
  card->vision = get_text (self, portrait, "vision", index, initiative->id);
  card->activities = get_text (self, portrait, "activities", index, initiative->id);
  card->methods = get_text (self, portrait, "methods", index, initiative->id);
  card->governance = get_text (self, portrait, "governance", index, initiative->id);
  if (member_of (portrait, "organisation", &organisation) &&
      type_of (organisation) == json_type_object)
    {
      card->team = get_text (self, organisation, "team", index, initiative->id);
      card->budget = get_text (self, organisation, "budget", index, initiative->id);
      card->place = get_text (self, organisation, "place", index, initiative->id);
      card->communication = get_text (self, organisation, "communication", index, initiative->id);
    }
  initiative->portrait = card;
}

/* Keeps an entry as text (see MoissonFeedEntry); @json NULL for one that is
 * loaded under no boundaries. Returns its offset. */
static guint
keep_text (MoissonFeed *self,
           const char  *json,
           guint32      length,
           const char  *id)
{
  guint text = self->texts->len;

  g_string_append_len (self->texts, (const char *) &length, sizeof length);
  if (json != NULL)
    g_string_append_len (self->texts, json, length);
  g_string_append_len (self->texts, id, strlen (id) + 1);
  return text;
}

/* The member name kept for MoissonFeedCodes.key, as long as the feed. */
static const char *
keep_key (MoissonFeed *self,
          const char  *key)
{
  char *kept = g_hash_table_lookup (self->keys, key);

  if (kept == NULL)
    {
      kept = g_strdup (key);
      g_hash_table_add (self->keys, kept);
    }
  return kept;
}

/* "200 068 500" → "200068500"; a code typed as a number loses its leading
 * zero: the postal code 1000 is 01000. %NULL for anything but digits. */
static char *
digits_of (const char *text,
           gsize       length)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ')
        return NULL;
    }
  if (digits->len + 1 == length)
    g_string_prepend_c (digits, '0');
  return digits->len == length ? g_string_free (g_steal_pointer (&digits), FALSE) : NULL;
}

/* The départements of an EPCI, or of a postal code that only one
 * département has; %NULL for any other @kind, or an unknown or shared
 * code, which code_of () keeps for placing to report. */
static const char * const *
departements_of (const char           *text,
                 MoissonFeedCodesKind  kind)
{
  g_autofree char *code = NULL;
  const char * const *found = NULL;

  if (kind == MOISSON_FEED_CODES_EPCI && (code = digits_of (text, 9)) != NULL)
    found = moisson_cog_departements_of_epci (code);
  else if (kind == MOISSON_FEED_CODES_POSTAL_CODE && (code = digits_of (text, 5)) != NULL)
    {
      found = moisson_cog_departements_of_postal_code (code);
      if (found != NULL && found[0] != NULL && found[1] != NULL)
        found = NULL;
    }
  return found;
}

/* The département of @text as @kind reads it: "1" → "01", "Ardèche" →
 * "07", commune "26362" → "26". Anything else is returned normalised, for
 * placing to say it is unknown, unless boundaries know it. */
static char *
code_of (const char           *text,
         MoissonFeedCodesKind  kind)
{
  char *code = moisson_insee_normalize_code (text);
  const char *found = NULL;

  switch (kind)
    {
    case MOISSON_FEED_CODES_DEPARTEMENT:
      if (!moisson_insee_is_departement_code (code))
        found = moisson_insee_find_departement_by_name (text);
      break;
    case MOISSON_FEED_CODES_NAME:
      found = moisson_insee_find_departement_by_name (text);
      break;
    case MOISSON_FEED_CODES_EPCI:
      /* Unknown: departements_of () found it otherwise. */
      g_free (code);
      return g_strconcat ("epci:", text, NULL);
    case MOISSON_FEED_CODES_POSTAL_CODE:
      {
        /* Shared or unknown: placing looks again to say which. */
        g_autofree char *digits = digits_of (text, 5);

        g_free (code);
        return g_strconcat ("postal-code:", digits != NULL ? digits : text, NULL);
      }
    case MOISSON_FEED_CODES_COMMUNE:
      /* A code typed as a number loses its leading zero: 1004 is 01004. */
      if (strlen (code) == 4 && strspn (code, "0123456789") == 4)
        {
          char *padded = g_strconcat ("0", code, NULL);

          g_free (code);
          code = padded;
        }
      if (strlen (code) == 5)
        found = moisson_insee_get_departement_of (code);
      if (found == NULL)
        {
          /* Not taken for a département code by any boundaries. */
          g_free (code);
          return g_strconcat ("commune:", text, NULL);
        }
      break;
    default:
      g_assert_not_reached ();
    }
  if (found != NULL)
    {
      g_free (code);
      code = g_strdup (found);
    }
  return code;
}

/* Keeps the codes of @key normalised ("1", 1, "01", "FR-01" → "01") and as
 * written; which of them are known is for placing to say. @deferred: the
 * list is only looked at when those before it give no known code.
 * Returns whether placing may find something in it. */
static gboolean
read_codes (MoissonFeed          *self,
            Value                 object,
            const char           *key,
            MoissonFeedCodesKind  kind,
            gboolean              deferred,
            int                   index,
            const char           *id)
{
  MoissonFeedCodes codes = { keep_key (self, key), kind, 0, self->list_problems->len, 0, 0, FALSE };
  g_auto(GStrv) raw = read_text_list (self, deferred ? &codes : NULL, object, key, index, id);
  g_autoptr(GPtrArray) written = g_ptr_array_new ();
  gsize header = self->codes->len;

  g_string_set_size (self->codes, header + sizeof codes);
  for (guint i = 0; raw != NULL && raw[i] != NULL; i++)
    {
      const char * const *several = departements_of (raw[i], kind);

      /* An EPCI over several départements is in each: its SIREN is
       * written once for each, so that codes and written stay paired. */
      for (guint j = 0; several != NULL && several[j] != NULL; j++)
        {
          codes.written = TRUE;
          g_string_append_len (self->codes, several[j], strlen (several[j]) + 1);
          g_ptr_array_add (written, raw[i]);
          codes.n_codes++;
        }
      if (several == NULL)
        {
          g_autofree char *code = code_of (raw[i], kind);

          codes.written = codes.written || strcmp (code, raw[i]) != 0;
          g_string_append_len (self->codes, code, strlen (code) + 1);
          g_ptr_array_add (written, raw[i]);
          codes.n_codes++;
        }
    }
  for (guint i = 0; codes.written && i < written->len; i++)
    g_string_append_len (self->codes, g_ptr_array_index (written, i), strlen (g_ptr_array_index (written, i)) + 1);
  memcpy (self->codes->str + header, &codes, sizeof codes);
  return codes.n_codes > 0 || codes.n_problems > 0 || codes.n_more_problems > 0;
}

/* What is known of an entry without boundaries is said now, as a problem
 * of reading; the rest is for placing. @codes: where its lists start;
 * @may_place: whether they hold codes, or problems that placing may list. */
static void
end_entry (MoissonFeed       *self,
           MoissonInitiative *initiative,
           int                index,
           guint              codes,
           guint              codes_at,
           guint              n_lists,
           gboolean           may_place,
           GStrv              extra)
{
  g_autoptr(MoissonInitiative) owned = initiative;
  g_auto(GStrv) owned_extra = extra;
  MoissonFeedEntry entry = { NULL, index, codes_at, 0, codes, G_MAXUINT, n_lists, FALSE };

  if (initiative->title == NULL)
    {
      add_problem (self, index, initiative->id, _("No title: the entry was not loaded."));
      /* Its codes may still be reported. */
      if (may_place || self->keep_all)
        entry.text = keep_text (self, NULL, 0, initiative->id);
      g_clear_object (&owned);
    }
  else if (!may_place && !initiative->has_location && !self->keep_all)
    {
      add_problem (self, index, initiative->id, _("No known département: the entry was not loaded."));
      g_clear_object (&owned);
    }
  if (owned == NULL && !may_place && !self->keep_all)
    {
      g_string_truncate (self->codes, codes);
      return;
    }

  if (owned != NULL)
    _moisson_initiative_pack (owned);
  entry.initiative = g_steal_pointer (&owned);
  entry.accept_at = self->n_read_problems;
  g_array_append_val (self->entries, entry);
  if (owned_extra != NULL && entry.initiative != NULL)
    g_hash_table_insert (self->extras, GUINT_TO_POINTER (self->entries->len - 1), g_steal_pointer (&owned_extra));
}

static void
read_fields_of (MoissonFeed       *self,
                MoissonInitiative *initiative,
                Value              object,
                int                index)
{
  GStrv fields = get_text_list (self, object, "fields", index, initiative->id);
  guint n = 0;

  /* The known ones are kept in place. */
  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      if (g_hash_table_contains (self->fields_by_id, fields[i]))
        fields[n++] = fields[i];
      else if (self->keep_all)
        {
          /* Chosen from the taxonomy of another feed: not this one's to drop. */
          add_problem (self, index, initiative->id, _("Unknown field “%s”: kept as written."), fields[i]);
          fields[n++] = fields[i];
        }
      else
        {
          add_problem (self, index, initiative->id, _("Unknown field “%s”: ignored."), fields[i]);
          g_free (fields[i]);
        }
    }
  if (fields == NULL)
    fields = g_new (char *, 1);
  fields[n] = NULL;
  initiative->fields = fields;
}

/* Whether @code is among the codes of the "departements" member. */
static gboolean
lists_departement (Value       object,
                   const char *code)
{
  Value codes, item;
  Items items;
  gboolean found = FALSE;

  if (!member_of (object, "departements", &codes))
    return FALSE;
  if (type_of (codes) != json_type_array)
    {
      g_autofree char *written = dup_json_string (codes, JSON_C_TO_STRING_SPACED);
      g_autofree char *only = code_of (written, MOISSON_FEED_CODES_DEPARTEMENT);
      return strcmp (only, code) == 0;
    }
  items_init (&items, codes);
  while (!found && items_next (&items, &item))
    {
      g_autofree char *written = NULL;
      g_autofree char *listed = NULL;

      if (type_of (item) != json_type_string && type_of (item) != json_type_int)
        continue;
      written = dup_json_string (item, JSON_C_TO_STRING_SPACED);
      listed = code_of (written, MOISSON_FEED_CODES_DEPARTEMENT);
      found = strcmp (listed, code) == 0;
    }
  return found;
}

/* "spread": [{"departement", "role": "origin"|"adopter", "year"}…] gives
 * the part each département played, and so the status « Essaimé »: it
 * qualifies the départements of "departements", which alone place the
 * initiative. */
static void
read_spread (MoissonFeed       *self,
             MoissonInitiative *initiative,
             Value              object,
             int                index)
{
  Value spread, item;
  Items items;
  double number;

  if (!member_of (object, "spread", &spread) || type_of (spread) == json_type_null)
    return;
  if (type_of (spread) != json_type_array)
    {
      add_problem (self, index, initiative->id, _("“spread” should be a list: ignored."));
      return;
    }

  initiative->spread = _moisson_spread_new ();
  items_init (&items, spread);
  while (items_next (&items, &item))
    {
      Value value;
      g_autofree char *written = NULL;
      g_autofree char *role = NULL;
      MoissonSpreadStep step = { NULL, MOISSON_SPREAD_ORIGIN, 0 };
      gboolean twice = FALSE;

      if (type_of (item) != json_type_object)
        {
          add_problem (self, index, initiative->id, _("A step of “spread” is %s, not an object: ignored."),
                       type_name (item));
          continue;
        }
      written = get_text (self, item, "departement", index, initiative->id);
      if (written == NULL)
        {
          add_problem (self, index, initiative->id, _("A step of “spread” has no “departement”: ignored."));
          continue;
        }
      step.departement = code_of (written, MOISSON_FEED_CODES_DEPARTEMENT);
      role = get_text (self, item, "role", index, initiative->id);
      if (g_strcmp0 (role, "origin") == 0 || g_strcmp0 (role, "adopter") == 0)
        step.role = strcmp (role, "origin") == 0 ? MOISSON_SPREAD_ORIGIN : MOISSON_SPREAD_ADOPTER;
      else
        {
          add_problem (self, index, initiative->id,
                       _("The step of “spread” in “%s” has the role “%s”, not “origin” or “adopter”: ignored."),
                       written, role != NULL ? role : "");
          g_free (step.departement);
          continue;
        }
      for (guint j = 0; j < initiative->spread->len && !twice; j++)
        twice = strcmp (g_array_index (initiative->spread, MoissonSpreadStep, j).departement, step.departement) == 0;
      if (twice || !lists_departement (object, step.departement))
        {
          add_problem (self, index, initiative->id,
                       twice ? _("“%s” is twice in “spread”: the second step is ignored.")
                             : _("“%s” of “spread” is not among the “departements”: ignored."),
                       written);
          g_free (step.departement);
          continue;
        }
      if (member_of (item, "year", &value) && type_of (value) != json_type_null)
        {
          if (get_number (item, "year", &number) && number >= 1800 && number <= 2200 && number == floor (number))
            step.year = (int) number;
          else
            add_problem (self, index, initiative->id,
                         _("The year of “%s” in “spread” should be a year such as 2014: ignored."), written);
        }
      g_array_append_val (initiative->spread, step);
    }

  /* « Essaimé » is what the adopters say, not a status of its own. */
  if (moisson_initiative_count_adopters (initiative) > 0)
    initiative->status = MOISSON_STATUS_SPREAD;
  else if (initiative->status == MOISSON_STATUS_SPREAD)
    {
      add_problem (self, index, initiative->id,
                   _("The status “spread” comes from the adopters of “spread”, and it names none: read as “running”."));
      initiative->status = MOISSON_STATUS_RUNNING;
    }
}

static void
read_initiative (MoissonFeed *self,
                 Value        object,
                 int          index)
{
  g_autoptr(MoissonInitiative) initiative = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *status = NULL;
  Value value;
  double number;
  guint codes, codes_at, n_lists = 0;
  gboolean may_place = FALSE;

  if (type_of (object) != json_type_object)
    {
      add_problem (self, index, NULL, _("The entry is %s, not an object: it was not loaded."), type_name (object));
      return;
    }

  initiative = _moisson_initiative_new ();
  initiative->id = get_text (self, object, "id", index, NULL);
  if (initiative->id == NULL)
    {
      g_autofree char *title = get_text (self, object, "title", index, NULL);

      add_problem (self, index, NULL, _("No id%s%s%s: the entry was not loaded."),
                   title ? " (" : "", title ? title : "", title ? ")" : "");
      return;
    }

  initiative->title = get_text (self, object, "title", index, initiative->id);
  initiative->summary = get_text (self, object, "summary", index, initiative->id);
  initiative->description = get_text (self, object, "description", index, initiative->id);
  initiative->updated = get_text (self, object, "updated", index, initiative->id);
  initiative->actors = get_text_list (self, object, "actors", index, initiative->id);
  initiative->partners = get_text_list (self, object, "partners", index, initiative->id);
  initiative->tags = get_text_list (self, object, "tags", index, initiative->id);
  read_fields_of (self, initiative, object, index);
  read_links (self, initiative, object, index);
  read_source (self, initiative, object, index);
  read_contact (self, initiative, object, index);
  read_portrait (self, initiative, object, index);

  kind = get_text (self, object, "kind", index, initiative->id);
  initiative->kind = moisson_kind_from_string (kind);
  if (kind != NULL && initiative->kind == MOISSON_KIND_UNKNOWN)
    add_problem (self, index, initiative->id, _("Unknown kind “%s”: ignored."), kind);
  status = get_text (self, object, "status", index, initiative->id);
  initiative->status = moisson_status_from_string (status);
  if (status != NULL && initiative->status == MOISSON_STATUS_UNKNOWN)
    add_problem (self, index, initiative->id, _("Unknown status “%s”: ignored."), status);
  read_spread (self, initiative, object, index);

  if (member_of (object, "year", &value) && type_of (value) != json_type_null)
    {
      if (get_number (object, "year", &number) && number >= 1800 && number <= 2200 && number == floor (number))
        initiative->year = (int) number;
      else
        add_problem (self, index, initiative->id, _("“year” should be a year such as 2014: ignored."));
    }

  if (member_of (object, "location", &value) && type_of (value) != json_type_null)
    {
      double lat, lon;

      if (type_of (value) == json_type_object &&
          get_number (value, "lat", &lat) && get_number (value, "lon", &lon) &&
          fabs (lat) <= 90 && fabs (lon) <= 180)
        {
          initiative->has_location = TRUE;
          initiative->lat = lat;
          initiative->lon = lon;
        }
      else
        add_problem (self, index, initiative->id, _("“location” should be {\"lat\": …, \"lon\": …} in degrees: ignored."));
    }

  codes = self->codes->len;
  if (member_of (object, "departements", NULL))
    {
      may_place = read_codes (self, object, "departements", MOISSON_FEED_CODES_DEPARTEMENT, FALSE, index,
                              initiative->id);
      n_lists = 1;
    }
  codes_at = self->n_read_problems;

  /* Added in a workshop: who, where, when, and the review. */
  if (member_of (object, "contribution", &value) && type_of (value) == json_type_object)
    {
      g_autofree char *review = get_text (self, value, "review", index, initiative->id);

      initiative->contribution = g_new0 (MoissonContribution, 1);
      initiative->contribution->author = get_text (self, value, "author", index, initiative->id);
      initiative->contribution->workshop = get_text (self, value, "workshop", index, initiative->id);
      initiative->contribution->created = get_text (self, value, "created", index, initiative->id);
      initiative->contribution->review = moisson_review_from_string (review);
      {
        g_autofree char *sync = get_text (self, value, "sync", index, initiative->id);

        initiative->contribution->sync = moisson_sync_from_string (sync);
        initiative->contribution->sync_error = get_text (self, value, "sync_error", index, initiative->id);
      }
      if (get_number (value, "revision", &number) && number >= 0 && number <= G_MAXUINT && number == floor (number))
        initiative->contribution->revision = (guint) number;
    }

  end_entry (self, g_steal_pointer (&initiative), index, codes, codes_at, n_lists, may_place, NULL);
}

static void
read_taxonomy (MoissonFeed *self,
               json_object *root)
{
  json_object *fields;

  if (json_object_object_get_ex (root, "fields", &fields) && json_object_is_type (fields, json_type_array))
    {
      for (size_t i = 0; i < json_object_array_length (fields); i++)
        {
          json_object *item = json_object_array_get_idx (fields, i);
          g_autofree char *id = NULL;
          g_autofree char *label = NULL;
          g_autofree char *color = NULL;

          if (!json_object_is_type (item, json_type_object))
            continue;
          id = get_text (self, JSON_VALUE (item), "id", -1, NULL);
          label = get_text (self, JSON_VALUE (item), "label", -1, NULL);
          color = get_text (self, JSON_VALUE (item), "color", -1, NULL);
          if (id == NULL || g_hash_table_contains (self->fields_by_id, id))
            {
              add_problem (self, -1, id, _("A field of the taxonomy has no id, or one already used: ignored."));
              continue;
            }
          add_field (self, id, label, color);
        }
    }

  if (self->fields->len > 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (default_fields); i++)
    add_field (self, default_fields[i].id, g_dgettext (GETTEXT_PACKAGE, default_fields[i].label),
               default_fields[i].color);
}

/* "Code INSEE" → "code_insee". */
static char *
fold_key (const char *key)
{
  return g_strdelimit (moisson_fold_for_search (key), " ", '_');
}

/* What the member @key holds by its name: its Role, and its rank among
 * the members of that role above it. */
static guint
role_of_key (const char *key)
{
  g_autofree char *folded = fold_key (key);

  for (guint i = 0; i < G_N_ELEMENTS (key_roles); i++)
    if (strcmp (folded, key_roles[i].key) == 0)
      return key_roles[i].role | ((i + 1) << 8);
  /* "lib_com", "date_creation": after the names above. */
  if (g_str_has_prefix (folded, "lib_"))
    return ROLE_TITLE | ((G_N_ELEMENTS (key_roles) + 1) << 8);
  if (strcmp (folded, "date") == 0 || g_str_has_prefix (folded, "date_"))
    return ROLE_YEAR | ((G_N_ELEMENTS (key_roles) + 1) << 8);
  return ROLE_NONE;
}

/**
 * _moisson_feed_guess_key:
 * @role: (out): which of the roles a mapping names @key is taken for
 * @reference: (out): for %MOISSON_FEED_ROLE_DEPARTEMENT, what kind of
 *   reference to a département it holds
 *
 * For a preview: what the member or column @key is taken for when no
 * mapping names it.
 *
 * Returns: its rank among the members of its role, the lowest tried
 *   first; 0 when it is taken for none of those roles
 */
guint
_moisson_feed_guess_key (const char           *key,
                         MoissonFeedRole      *role,
                         MoissonFeedReference *reference)
{
  static const struct
  {
    MoissonFeedRole role;
    MoissonFeedReference reference;
  } guesses[] = {
    [ROLE_TITLE] = { MOISSON_FEED_ROLE_TITLE, MOISSON_FEED_REFERENCE_NONE },
    [ROLE_DEPARTEMENT] = { MOISSON_FEED_ROLE_DEPARTEMENT, MOISSON_FEED_REFERENCE_CODE },
    [ROLE_DEPARTEMENT_NAME] = { MOISSON_FEED_ROLE_DEPARTEMENT, MOISSON_FEED_REFERENCE_NAME },
    [ROLE_COMMUNE] = { MOISSON_FEED_ROLE_DEPARTEMENT, MOISSON_FEED_REFERENCE_COMMUNE },
    [ROLE_EPCI] = { MOISSON_FEED_ROLE_DEPARTEMENT, MOISSON_FEED_REFERENCE_EPCI },
    [ROLE_POSTAL_CODE] = { MOISSON_FEED_ROLE_DEPARTEMENT, MOISSON_FEED_REFERENCE_POSTAL_CODE },
    [ROLE_LATITUDE] = { MOISSON_FEED_ROLE_LATITUDE, MOISSON_FEED_REFERENCE_NONE },
    [ROLE_Y] = { MOISSON_FEED_ROLE_LATITUDE, MOISSON_FEED_REFERENCE_NONE },
    [ROLE_LONGITUDE] = { MOISSON_FEED_ROLE_LONGITUDE, MOISSON_FEED_REFERENCE_NONE },
    [ROLE_X] = { MOISSON_FEED_ROLE_LONGITUDE, MOISSON_FEED_REFERENCE_NONE },
  };
  guint packed = role_of_key (key);
  Role found = packed & 0xff;

  g_return_val_if_fail (key != NULL, 0);

  if (found != ROLE_TITLE && (found < ROLE_DEPARTEMENT || found > ROLE_Y))
    return 0;
  *role = guesses[found].role;
  *reference = guesses[found].reference;
  return packed >> 8;
}

/* What the member @key holds: its Role, and its rank among the members of
 * that role above it. Remembered: a table has the same names in every row. */
static guint
classify_key (MoissonFeed *self,
              const char  *key)
{
  gpointer found;
  guint packed;

  if (g_hash_table_lookup_extended (self->roles, key, NULL, &found))
    return GPOINTER_TO_UINT (found);
  packed = role_of_key (key);
  if (g_hash_table_size (self->roles) < MAX_REMEMBERED_KEYS)
    g_hash_table_insert (self->roles, g_strdup (key), GUINT_TO_POINTER (packed));
  return packed;
}

/* The role of a title's words, "nom_structure": a name, or the longest
 * name they start with ("nom_"…). */
static guint
classify_title_words (const char *words)
{
  guint found = G_N_ELEMENTS (key_roles);
  gsize found_length = 0;

  for (guint i = 0; i < G_N_ELEMENTS (key_roles); i++)
    {
      gsize length = strlen (key_roles[i].key);

      if (length > found_length && strncmp (words, key_roles[i].key, length) == 0 &&
          (words[length] == '\0' || words[length] == '_'))
        {
          found = i;
          found_length = length;
        }
    }
  if (found < G_N_ELEMENTS (key_roles))
    return key_roles[found].role;
  return strcmp (words, "date") == 0 || g_str_has_prefix (words, "date_") ? ROLE_YEAR : ROLE_NONE;
}

/**
 * _moisson_feed_guess_role_from_title:
 * @key: a column whose name may say nothing, such as "col3"
 * @title: (nullable): its title, from a Table Schema: « Latitude »,
 *   « Nom de la structure »
 *
 * Gives @key the role its title says, when its name says none and the
 * user named none. Such a column comes after those named for the role.
 */
void
_moisson_feed_guess_role_from_title (MoissonFeed *self,
                                     const char  *key,
                                     const char  *title)
{
  static const char * const small_words[] = { "de", "du", "des", "la", "le", "les", "l", "d", "of", "the", NULL };
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GStrvBuilder) kept = NULL;
  g_auto(GStrv) kept_words = NULL;
  g_autofree char *joined = NULL;
  guint role;

  if (title == NULL || g_hash_table_contains (self->roles, key) || (classify_key (self, key) & 0xff) != ROLE_NONE)
    return;
  /* « Nom du département » is "nom_departement", not a "nom_" of a title. */
  folded = moisson_fold_for_search (title);
  words = g_strsplit (folded, " ", -1);
  kept = g_strv_builder_new ();
  for (guint i = 0; words[i] != NULL; i++)
    if (!g_strv_contains (small_words, words[i]) && *words[i] != '\0')
      g_strv_builder_add (kept, words[i]);
  kept_words = g_strv_builder_end (kept);
  joined = g_strjoinv ("_", kept_words);
  role = classify_title_words (joined);
  if (role != ROLE_NONE)
    g_hash_table_insert (self->roles, g_strdup (key), GUINT_TO_POINTER (role | ((G_N_ELEMENTS (key_roles) + 2) << 8)));
}

typedef struct
{
  const char *key;
  Value value;
  guint packed;             /* from classify_key () */
  guint order;
  gboolean used;            /* understood: not kept in the extra */
} Member;

static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  const Member *ma = a, *mb = b;

  if (ma->packed != mb->packed)
    return ma->packed < mb->packed ? -1 : 1;
  return ma->order < mb->order ? -1 : ma->order > mb->order;
}

/* A year from 2014, "2014", "2014-05-01" or "01/05/2014"; 0 for none. */
static int
year_of (Value value)
{
  const char *text;

  if (type_of (value) == json_type_int || type_of (value) == json_type_double)
    {
      double number = double_of (value);

      return number >= 1800 && number <= 2200 && number == floor (number) ? (int) number : 0;
    }
  if (type_of (value) != json_type_string)
    return 0;
  text = string_of (value, NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      gsize digits = strspn (p, "0123456789");

      if (digits == 4)
        {
          int year = atoi (p);

          if (year >= 1800 && year <= 2200)
            return year;
        }
      p += digits > 0 ? digits - 1 : 0;
    }
  return 0;
}

/* A number, or a text of one, with a decimal point or, as French tables
 * write it, a comma. */
static gboolean
number_of (Value   value,
           double *number)
{
  char text[64];
  const char *start;
  char *end = NULL;
  gsize length;

  if (type_of (value) == json_type_int || type_of (value) == json_type_double)
    {
      *number = double_of (value);
      return isfinite (*number);
    }
  if (type_of (value) != json_type_string)
    return FALSE;
  /* Read for every row of a table: no copy on the heap. */
  start = string_of (value, &length);
  while (length > 0 && g_ascii_isspace (*start))
    start++, length--;
  while (length > 0 && g_ascii_isspace (start[length - 1]))
    length--;
  if (length == 0 || length >= sizeof text || memchr (start, '\0', length) != NULL)
    return FALSE;
  memcpy (text, start, length);
  text[length] = '\0';
  g_strdelimit (text, ",", '.');
  *number = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*number);
}

/* Tags: a list, or a text such as "a, b; c". */
static GStrv
read_tags (MoissonFeed *self,
           Value        properties,
           const char  *key,
           int          index,
           const char  *id)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  Value value = { NULL, NULL };

  member_of (properties, key, &value);
  if (type_of (value) != json_type_string)
    return get_text_list (self, properties, key, index, id);
  text = scalar_to_text (value);
  if (text == NULL)
    return NULL;
  builder = g_strv_builder_new ();
  parts = g_strsplit_set (text, ",;|", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

/* The members of @properties that a role understands, in the order in
 * which they are tried. */
static GArray *
sort_members (MoissonFeed *self,
              Value        properties)
{
  GArray *members = g_array_sized_new (FALSE, FALSE, sizeof (Member), length_of (properties));
  guint order = 0;
  const char *key;
  Value value;
  Items items;

  items_init (&items, properties);
  while (items_next_member (&items, &key, &value))
    {
      Member member = { key, value, classify_key (self, key), order++, FALSE };

      if ((member.packed & 0xff) != ROLE_NONE && type_of (value) != json_type_null)
        g_array_append_val (members, member);
    }
  g_array_sort (members, compare_members);
  return members;
}

/* The first filled member of @role, as text, marked used. */
static char *
take_text (GArray *members,
           Role    role)
{
  for (guint i = 0; i < members->len; i++)
    {
      Member *member = &g_array_index (members, Member, i);
      char *text;

      if ((member->packed & 0xff) == role && (text = scalar_to_text (member->value)) != NULL)
        {
          member->used = TRUE;
          return text;
        }
    }
  return NULL;
}

/* The first member of @role that is a number within @limit, marked used. */
static gboolean
take_number (GArray *members,
             Role    role,
             double  limit,
             double *number)
{
  for (guint i = 0; i < members->len; i++)
    {
      Member *member = &g_array_index (members, Member, i);

      if ((member->packed & 0xff) == role && number_of (member->value, number) && fabs (*number) <= limit)
        {
          member->used = TRUE;
          return TRUE;
        }
    }
  return FALSE;
}

/* Title, description, links, contact, year, tags and a point, from the
 * names of the members. */
static void
read_properties (MoissonFeed       *self,
                 MoissonInitiative *initiative,
                 Value              properties,
                 GArray            *members,
                 int                index)
{
  g_autoptr(GString) contact = NULL;
  double lat, lon;

  initiative->title = take_text (members, ROLE_TITLE);
  initiative->description = take_text (members, ROLE_DESCRIPTION);
  initiative->updated = take_text (members, ROLE_UPDATED);
  initiative->source = take_text (members, ROLE_SOURCE);
  for (guint i = 0; i < members->len; i++)
    {
      Member *member = &g_array_index (members, Member, i);
      Role role = member->packed & 0xff;
      g_autofree char *text = NULL;

      if (role == ROLE_LINK && (text = scalar_to_text (member->value)) != NULL)
        {
          /* "https://a.org/;https://b.org/": several addresses in one cell. */
          g_auto(GStrv) urls = g_strsplit (text, ";", -1);

          for (guint j = 0; urls[j] != NULL; j++)
            {
              MoissonLink link = { 0 };

              if (*g_strstrip (urls[j]) == '\0')
                continue;
              link.url = g_strdup (urls[j]);
              g_array_append_val (initiative->links, link);
            }
          member->used = TRUE;
        }
      else if (role == ROLE_CONTACT && (text = scalar_to_text (member->value)) != NULL)
        {
          if (contact == NULL)
            contact = g_string_new (text);
          else
            g_string_append_printf (contact, " · %s", text);
          member->used = TRUE;
        }
      else if (role == ROLE_YEAR && initiative->year == 0)
        {
          initiative->year = year_of (member->value);
          member->used = initiative->year != 0;
        }
      else if (role == ROLE_TAGS && initiative->tags == NULL)
        {
          initiative->tags = read_tags (self, properties, member->key, index, initiative->id);
          member->used = initiative->tags != NULL;
        }
    }
  if (contact != NULL)
    initiative->contact = g_string_free (g_steal_pointer (&contact), FALSE);

  /* A table's columns, or a feature without a geometry. */
  if (!initiative->has_location &&
      ((take_number (members, ROLE_LATITUDE, 90, &lat) && take_number (members, ROLE_LONGITUDE, 180, &lon)) ||
       (take_number (members, ROLE_Y, 90, &lat) && take_number (members, ROLE_X, 180, &lon))))
    {
      initiative->has_location = TRUE;
      initiative->lat = lat;
      initiative->lon = lon;
    }
}

/* One feature of a GeoJSON FeatureCollection (a uMap or data.gouv.fr
 * export), or a row of a table. */
static void
read_feature (MoissonFeed *self,
              Value        entry,
              int          index)
{
  Value properties = { NULL, NULL }, geometry = { NULL, NULL }, coordinates, value;
  const char *key;
  Items items;
  gboolean has_properties, has_geometry;
  g_autoptr(MoissonInitiative) initiative = NULL;
  g_autoptr(GStrvBuilder) extra = g_strv_builder_new ();
  g_autoptr(GArray) members = NULL;
  g_autofree gboolean *used = NULL;
  GStrv extra_of_all = NULL;
  const char *departement_key = NULL;
  guint codes, codes_at, n_lists = 0, order = 0;
  gboolean may_place = FALSE;

  if (type_of (entry) != json_type_object)
    {
      add_problem (self, index, NULL, _("The feature is %s, not an object: it was not loaded."), type_name (entry));
      return;
    }
  has_properties = member_of (entry, "properties", &properties) && type_of (properties) == json_type_object;

  initiative = _moisson_initiative_new ();
  if (member_of (entry, "id", &value))
    initiative->id = scalar_to_text (value);
  if (initiative->id == NULL && has_properties && member_of (properties, "id", &value))
    initiative->id = scalar_to_text (value);
  if (initiative->id == NULL)
    initiative->id = g_strdup_printf ("feature-%d", index + 1);

  has_geometry = member_of (entry, "geometry", &geometry);
  if (has_geometry && type_of (geometry) == json_type_object &&
      member_of (geometry, "type", &value) && type_of (value) == json_type_string &&
      strcmp (string_of (value, NULL), "Point") == 0 &&
      member_of (geometry, "coordinates", &coordinates) &&
      type_of (coordinates) == json_type_array && length_of (coordinates) >= 2)
    {
      Value first, second;
      double lon, lat;

      items_init (&items, coordinates);
      items_next (&items, &first);
      items_next (&items, &second);
      lon = double_of (first);
      lat = double_of (second);

      if (isfinite (lon) && isfinite (lat) && fabs (lon) <= 180 && fabs (lat) <= 90)
        {
          initiative->has_location = TRUE;
          initiative->lon = lon;
          initiative->lat = lat;
        }
    }
  else if (has_geometry && type_of (geometry) != json_type_null)
    add_problem (self, index, initiative->id, _("Only points are read from GeoJSON: the geometry is ignored."));

  if (has_properties)
    {
      members = sort_members (self, properties);
      read_properties (self, initiative, properties, members, index);
    }
  codes = self->codes->len;
  codes_at = self->n_read_problems;
  if (has_properties)
    {
      /* The members are tried in turn until one gives a known code, which
       * depends on the boundaries: placing tries them. Codes first, then
       * names, communes, EPCI and postal codes: members sort by rank. */
      for (guint i = 0; i < members->len; i++)
        {
          Member *member = &g_array_index (members, Member, i);
          static const MoissonFeedCodesKind kinds[] = {
            [ROLE_DEPARTEMENT] = MOISSON_FEED_CODES_DEPARTEMENT,
            [ROLE_DEPARTEMENT_NAME] = MOISSON_FEED_CODES_NAME,
            [ROLE_COMMUNE] = MOISSON_FEED_CODES_COMMUNE,
            [ROLE_EPCI] = MOISSON_FEED_CODES_EPCI,
            [ROLE_POSTAL_CODE] = MOISSON_FEED_CODES_POSTAL_CODE,
          };
          Role role = member->packed & 0xff;

          if (role != ROLE_DEPARTEMENT && role != ROLE_DEPARTEMENT_NAME && role != ROLE_COMMUNE &&
              role != ROLE_EPCI && role != ROLE_POSTAL_CODE)
            continue;
          departement_key = member->key;
          may_place |= read_codes (self, properties, departement_key, kinds[role], n_lists > 0, index,
                                   initiative->id);
          n_lists++;
        }
      codes_at = self->n_read_problems;
      if (n_lists > 1)
        departement_key = NULL;

      if (member_of (properties, "fields", NULL))
        read_fields_of (self, initiative, properties, index);

      /* Everything else is kept and shown as it is. */
      used = g_new0 (gboolean, length_of (properties));
      for (guint i = 0; i < members->len; i++)
        used[g_array_index (members, Member, i).order] = g_array_index (members, Member, i).used;
      items_init (&items, properties);
      while (items_next_member (&items, &key, &value))
        {
          g_autofree char *text = NULL;

          if (used[order++] || g_strcmp0 (key, departement_key) == 0 || strcmp (key, "id") == 0 ||
              strcmp (key, "fields") == 0 || type_of (value) == json_type_null)
            continue;
          text = scalar_to_text (value);
          if (text == NULL)
            {
              /* true, false, or an object or a list, written out. */
              g_autofree char *written = dup_json_string (value, JSON_C_TO_STRING_PLAIN);

              text = dup_text (written, -1);
            }
          if (text == NULL)
            continue;
          g_strv_builder_add (extra, key);
          g_strv_builder_add (extra, text);
        }
      /* The key the codes came from is not shown; of several keys, placing
       * says which one that is. */
      if (n_lists > 1)
        extra_of_all = g_strv_builder_end (extra);
      else
        initiative->extra = g_strv_builder_end (extra);
    }

  end_entry (self, g_steal_pointer (&initiative), index, codes, codes_at, n_lists, may_place, extra_of_all);
}

/* "line 3, column 14" for a byte offset. */
static void
locate (const char *data,
        gsize       offset,
        int        *line,
        int        *column)
{
  *line = 1;
  *column = 1;
  for (gsize i = 0; i < offset && data[i] != '\0'; i++)
    {
      if (data[i] == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if (((guchar) data[i] & 0xc0) != 0x80)
        (*column)++;
    }
}

/* Reading a feed entry by entry: json-c builds the tree of one entry at a
 * time, never of the whole feed, so that memory stays near the size of the
 * text whatever the feed holds. */
typedef struct
{
  const char *data;
  gsize length;
  json_tokener *member_tokener;   /* a value of the top object */
  json_tokener *entry_tokener;    /* an entry of a list in it */
  /* Reading initiatives without json-c (see read_fast ()); NULL: only
   * with it. */
  GArray *nodes;
  GString *strings;
} Scanner;

static void
set_syntax_error (Scanner     *scanner,
                  gsize        offset,
                  const char  *reason,
                  GError     **error)
{
  int line, column;

  locate (scanner->data, MIN (offset, scanner->length), &line, &column);
  g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX,
               _("The feed is not valid JSON: %s, at line %d, column %d."), reason, line, column);
}

static const char *
text_ends_early (void)
{
  return _("the text ends before the JSON does");
}

/* White space and, as json-c reads them, comments. */
static gsize
skip_space (Scanner *scanner,
            gsize    pos)
{
  const char *data = scanner->data;
  gsize length = scanner->length;

  while (pos < length)
    {
      if (g_ascii_isspace (data[pos]))
        pos++;
      else if (data[pos] == '/' && pos + 1 < length && data[pos + 1] == '*')
        {
          const char *end = g_strstr_len (data + pos + 2, length - pos - 2, "*/");

          if (end == NULL)
            return length;
          pos = end - data + 2;
        }
      else if (data[pos] == '/' && pos + 1 < length && data[pos + 1] == '/')
        {
          while (pos < length && data[pos] != '\n')
            pos++;
        }
      else
        break;
    }
  return pos;
}

/* Finds the end of the value at @pos without building it, counting its
 * objects and lists. Only skims: json-c checks what is then read. */
static gboolean
skim_value (Scanner *scanner,
            gsize    pos,
            gsize   *end,
            guint   *containers)
{
  const char *data = scanner->data;
  gsize length = scanner->length;
  guint depth = 0;

  *containers = 0;
  while (pos < length)
    {
      char c = data[pos];

      if (c == '"' || c == '\'')
        {
          gsize open = pos;

          /* Most of a feed is text: to the next quote at once, closing
           * the string unless an odd run of backslashes escapes it. */
          for (pos++;;)
            {
              const char *quote = memchr (data + pos, c, length - pos);
              gsize backslashes = 0;

              if (quote == NULL)
                return FALSE;
              pos = quote - data;
              while (pos - backslashes - 1 > open && data[pos - backslashes - 1] == '\\')
                backslashes++;
              pos++;
              if (backslashes % 2 == 0)
                break;
            }
        }
      else if (c == '/' && pos + 1 < length && (data[pos + 1] == '*' || data[pos + 1] == '/'))
        pos = skip_space (scanner, pos);
      else if (c == '{' || c == '[')
        {
          depth++;
          (*containers)++;
          pos++;
          continue;
        }
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            return FALSE;
          depth--;
          pos++;
        }
      else if (depth == 0)
        {
          /* A number or a word: up to what ends it. */
          while (pos < length && !g_ascii_isspace (data[pos]) && data[pos] != ',' && data[pos] != ']' &&
                 data[pos] != '}')
            pos++;
        }
      else
        {
          pos++;
          continue;
        }
      if (depth == 0)
        {
          *end = pos;
          return TRUE;
        }
    }
  return FALSE;
}

/* An entry read straight from its text: its values as Nodes, in arrays
 * reused from one entry to the next, each string unescaped once. Only
 * strict JSON that json-c reads the same way is read so: anything else
 * (comments, single quotes, a trailing comma, control characters,
 * surrogates, numbers beyond 18 digits or with an exponent, deep nesting,
 * too many containers, a syntax error) gives up, and json-c reads the
 * entry as before, so that either way it reads the same. */
#define MAX_FAST_DEPTH 16

typedef struct
{
  const char *p;
  const char *end;
  GArray *nodes;            /* Node; the first one unused: index 0 is none */
  guint32 n_nodes;          /* used of them */
  GString *strings;
  guint containers;
} FastReader;

/* A new node, zeroed. */
static guint32
fast_node (FastReader *reader)
{
  if (reader->n_nodes >= reader->nodes->len)
    g_array_set_size (reader->nodes, MAX (64, reader->nodes->len * 2));
  memset (&g_array_index (reader->nodes, Node, reader->n_nodes), 0, sizeof (Node));
  return reader->n_nodes++;
}

/* Where @n more bytes go at the end of reader->strings. */
static char *
fast_room (FastReader *reader,
           gsize       n)
{
  GString *strings = reader->strings;

  if (strings->len + n >= strings->allocated_len)
    {
      gsize length = strings->len;

      g_string_set_size (strings, length + n);
      g_string_truncate (strings, length);
    }
  return strings->str + strings->len;
}

static void
fast_space (FastReader *reader)
{
  while (reader->p < reader->end &&
         (*reader->p == ' ' || *reader->p == '\n' || *reader->p == '\r' || *reader->p == '\t'))
    reader->p++;
}

/* The string at reader->p, unescaped into reader->strings with a NUL.
 * A member's @name ends at a NUL for json-c: none may be inside. */
static gboolean
fast_string (FastReader *reader,
             gboolean    name,
             gsize      *at,
             guint32    *length,
             gboolean   *ascii)
{
  static const char escapes[] = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = '\b',
                                  ['f'] = '\f', ['n'] = '\n', ['r'] = '\r', ['t'] = '\t' };
  const char *p = reader->p + 1;
  const char *end = reader->end;
  GString *strings = reader->strings;
  guchar bits = 0;

  *at = strings->len;
  for (;;)
    {
      const char *run = p;

      while (p < end && *p != '"' && *p != '\\' && (guchar) *p >= 0x20)
        bits |= *p++;
      /* The run, then room for an escape's UTF-8 or the NUL. */
      memcpy (fast_room (reader, p - run + 4), run, p - run);
      strings->len += p - run;
      if (p + 1 >= end || (guchar) *p < 0x20)
        return FALSE;
      if (*p == '"')
        break;
      if (p[1] == 'u')
        {
          gunichar c = 0;

          if (end - p < 6)
            return FALSE;
          for (int i = 2; i < 6; i++)
            {
              if (!g_ascii_isxdigit (p[i]))
                return FALSE;
              c = c << 4 | g_ascii_xdigit_value (p[i]);
            }
          /* json-c pairs surrogates, or not, its own way. */
          if ((c >= 0xd800 && c <= 0xdfff) || (c == 0 && name))
            return FALSE;
          /* U+0000 too, as json-c keeps it: one NUL byte. */
          strings->len += g_unichar_to_utf8 (c, strings->str + strings->len);
          bits |= 0x80;
          p += 6;
        }
      else if ((guchar) p[1] < G_N_ELEMENTS (escapes) && escapes[(guchar) p[1]] != '\0')
        {
          strings->str[strings->len++] = escapes[(guchar) p[1]];
          p += 2;
        }
      else
        return FALSE;
    }
  *length = strings->len - *at;
  *ascii = bits < 0x80;
  strings->str[strings->len++] = '\0';
  reader->p = p + 1;
  return TRUE;
}

/* An integer of up to 18 digits, or one with a fraction, as json-c tells
 * them apart. */
static gboolean
fast_number (FastReader *reader,
             Node       *node)
{
  const char *p = reader->p;
  const char *end = reader->end;
  guint64 integer = 0;      /* wraps past 18 digits, then unused */
  guint digits = 0;

  if (*p == '-')
    p++;
  if (p < end && *p == '0')
    p++, digits++;
  else
    for (; p < end && g_ascii_isdigit (*p); p++, digits++)
      integer = integer * 10 + (*p - '0');
  if (digits == 0 || digits > 18)
    return FALSE;
  node->type = json_type_int;
  node->integer = *reader->p == '-' ? -(gint64) integer : (gint64) integer;
  if (p < end && *p == '.')
    {
      const char *fraction = ++p;
      char *parsed = NULL;

      while (p < end && g_ascii_isdigit (*p))
        p++;
      if (p == fraction)
        return FALSE;
      node->type = json_type_double;
      node->number = g_ascii_strtod (reader->p, &parsed);
      if (parsed != p || !isfinite (node->number))
        return FALSE;
      node->text = reader->p;
      node->text_length = p - reader->p;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    return FALSE;
  reader->p = p;
  return TRUE;
}

static gboolean fast_value (FastReader *reader,
                            guint       depth,
                            guint32    *index);

static gboolean
fast_container (FastReader *reader,
                guint       depth,
                guint32    *index)
{
  const char *start = reader->p;
  gboolean object = *start == '{';
  char closing = object ? '}' : ']';
  guint32 at, first = 0, last = 0, length = 0;

  if (depth >= MAX_FAST_DEPTH || ++reader->containers > MAX_ENTRY_CONTAINERS)
    return FALSE;
  at = fast_node (reader);
  g_array_index (reader->nodes, Node, at).type = object ? json_type_object : json_type_array;
  reader->p++;
  fast_space (reader);
  if (reader->p < reader->end && *reader->p == closing)
    reader->p++;
  else
    for (;;)
      {
        gsize key_at = 0;
        guint32 key_length = 0, item;
        gboolean ascii;

        if (object)
          {
            if (reader->p >= reader->end || *reader->p != '"' || !fast_string (reader, TRUE, &key_at, &key_length, &ascii))
              return FALSE;
            fast_space (reader);
            if (reader->p >= reader->end || *reader->p != ':')
              return FALSE;
            reader->p++;
            fast_space (reader);
          }
        if (!fast_value (reader, depth + 1, &item))
          return FALSE;
        g_array_index (reader->nodes, Node, item).key_at = key_at;
        g_array_index (reader->nodes, Node, item).key_length = key_length;
        if (last == 0)
          first = item;
        else
          g_array_index (reader->nodes, Node, last).next_at = item;
        last = item;
        length++;
        fast_space (reader);
        if (reader->p < reader->end && *reader->p == ',')
          {
            reader->p++;
            fast_space (reader);
            continue;
          }
        if (reader->p < reader->end && *reader->p == closing)
          {
            reader->p++;
            break;
          }
        return FALSE;
      }
  g_array_index (reader->nodes, Node, at).first_at = first;
  g_array_index (reader->nodes, Node, at).length = length;
  g_array_index (reader->nodes, Node, at).text = start;
  g_array_index (reader->nodes, Node, at).text_length = reader->p - start;
  *index = at;
  return TRUE;
}

static gboolean
fast_value (FastReader *reader,
            guint       depth,
            guint32    *index)
{
  static const struct
  {
    const char *word;
    json_type type;
  } words[] = { { "true", json_type_boolean }, { "false", json_type_boolean }, { "null", json_type_null } };
  const char *p = reader->p;
  Node *node;

  if (p >= reader->end)
    return FALSE;
  if (*p == '{' || *p == '[')
    return fast_container (reader, depth, index);
  *index = fast_node (reader);
  node = &g_array_index (reader->nodes, Node, *index);
  if (*p == '"')
    {
      node->type = json_type_string;
      if (!fast_string (reader, FALSE, &node->string_at, &node->length, &node->ascii))
        return FALSE;
    }
  else if (*p == '-' || g_ascii_isdigit (*p))
    {
      if (!fast_number (reader, node))
        return FALSE;
    }
  else
    {
      guint i = 0;

      while (i < G_N_ELEMENTS (words) &&
             ((gsize) (reader->end - p) < strlen (words[i].word) || memcmp (p, words[i].word, strlen (words[i].word)) != 0))
        i++;
      if (i == G_N_ELEMENTS (words))
        return FALSE;
      node->type = words[i].type;
      node->integer = i == 0;
      reader->p += strlen (words[i].word);
    }
  return TRUE;
}

/* Whether two members of @object have one name: json-c keeps the value of
 * the last in the place of the first, which it is left to do. */
static gboolean
has_twice (const Node *object)
{
  g_autoptr(GHashTable) names = NULL;

  if (object->length <= 64)
    {
      guint64 seen = 0;

      for (const Node *member = object->first; member != NULL; member = member->next)
        {
          guint64 bit = key_bit (member->key, member->key_length);

          for (const Node *before = object->first; (seen & bit) != 0 && before != member; before = before->next)
            if (before->key_length == member->key_length && memcmp (before->key, member->key, member->key_length) == 0)
              return TRUE;
          seen |= bit;
        }
      return FALSE;
    }
  names = g_hash_table_new (g_str_hash, g_str_equal);
  for (const Node *member = object->first; member != NULL; member = member->next)
    if (!g_hash_table_add (names, (gpointer) member->key))
      return TRUE;
  return FALSE;
}

/* Reads the object at @pos into scanner->nodes; FALSE when json-c should
 * read it. */
static gboolean
read_fast (Scanner     *scanner,
           gsize        pos,
           gsize       *end,
           const Node **root)
{
  FastReader reader = { scanner->data + pos, scanner->data + scanner->length, scanner->nodes, 1, scanner->strings, 0 };
  Node *nodes;
  guint32 index;

  g_string_truncate (scanner->strings, 0);
  if (reader.p >= reader.end || *reader.p != '{' || !fast_container (&reader, 0, &index))
    return FALSE;
  /* json-c reads on through the white space and comments after a value,
   * and fails on a comment that is not one. */
  for (const char *after = reader.p; after < reader.end && *after != '\0'; after++)
    if (*after == '/')
      return FALSE;
    else if (!g_ascii_isspace (*after))
      break;
  g_array_set_size (scanner->nodes, reader.n_nodes);

  /* Offsets become pointers, now that the arrays no longer move. */
  nodes = (Node *) scanner->nodes->data;
  for (guint i = 1; i < scanner->nodes->len; i++)
    {
      Node *node = &nodes[i];

      if (node->type == json_type_string)
        node->string = scanner->strings->str + node->string_at;
      node->first = node->first_at != 0 ? &nodes[node->first_at] : NULL;
      node->next = node->next_at != 0 ? &nodes[node->next_at] : NULL;
    }
  for (guint i = 1; i < scanner->nodes->len; i++)
    if (nodes[i].type == json_type_object)
      {
        for (Node *member = &nodes[nodes[i].first_at]; member != nodes; member = &nodes[member->next_at])
          {
            member->key = scanner->strings->str + member->key_at;
            nodes[i].keys |= key_bit (member->key, member->key_length);
          }
        if (has_twice (&nodes[i]))
          return FALSE;
      }
  *end = reader.p - scanner->data;
  *root = &nodes[index];
  return TRUE;
}

/* Parses the one value at @pos; *value is NULL for JSON's null. */
static gboolean
parse_value_at (Scanner       *scanner,
                json_tokener  *tokener,
                gsize          pos,
                json_object  **value,
                gsize         *end,
                GError       **error)
{
  enum json_tokener_error status;

  json_tokener_reset (tokener);
  *value = json_tokener_parse_ex (tokener, scanner->data + pos, (int) (scanner->length - pos));
  status = json_tokener_get_error (tokener);
  if (status == json_tokener_success)
    {
      *end = pos + json_tokener_get_parse_end (tokener);
      return TRUE;
    }
  g_clear_pointer (value, json_object_put);
  if (status == json_tokener_continue)
    set_syntax_error (scanner, scanner->length, text_ends_early (), error);
  else
    set_syntax_error (scanner, pos + json_tokener_get_parse_end (tokener), json_tokener_error_desc (status), error);
  return FALSE;
}

/* What follows a value in a list or an object: a comma (json-c allows one
 * before the end) or the end. Returns FALSE at the end, or with *failed. */
static gboolean
next_item (Scanner   *scanner,
           gsize     *pos,
           char       closing,
           gboolean  *failed,
           GError   **error)
{
  *pos = skip_space (scanner, *pos);
  *failed = FALSE;
  if (*pos < scanner->length && scanner->data[*pos] == ',')
    {
      *pos = skip_space (scanner, *pos + 1);
      if (*pos < scanner->length && scanner->data[*pos] != closing)
        return TRUE;
    }
  if (*pos < scanner->length && scanner->data[*pos] == closing)
    {
      (*pos)++;
      return FALSE;
    }
  *failed = TRUE;
  if (*pos >= scanner->length)
    set_syntax_error (scanner, scanner->length, text_ends_early (), error);
  else
    set_syntax_error (scanner, *pos,
                      json_tokener_error_desc (closing == ']' ? json_tokener_error_parse_array
                                                              : json_tokener_error_parse_object_value_sep),
                      error);
  return FALSE;
}

typedef void (*ReadEntryFunc) (MoissonFeed *self,
                               Value        entry,
                               int          index);

/* Whether only boundaries that know one of its codes can place @entry: no
 * code of INSEE, no point. */
static gboolean
needs_boundary_codes (MoissonFeed            *self,
                      const MoissonFeedEntry *entry)
{
  const char *at = self->codes->str + entry->codes;

  if (entry->initiative->has_location)
    return FALSE;
  for (guint l = 0; l < entry->n_lists; l++)
    {
      MoissonFeedCodes codes;

      memcpy (&codes, at, sizeof codes);
      at += sizeof codes;
      for (guint i = 0; i < codes.n_codes; i++, at += strlen (at) + 1)
        if (moisson_insee_is_departement_code (at))
          return FALSE;
      for (guint i = 0; codes.written && i < codes.n_codes; i++)
        at += strlen (at) + 1;
    }
  return TRUE;
}

static void
read_initiative_or_feature (MoissonFeed   *self,
                            ReadEntryFunc  read_entry,
                            Value          json,
                            const char    *text,
                            gsize          length,
                            int            index)
{
  guint n_entries = self->entries->len;
  MoissonFeedEntry *entry;

  read_entry (self, json, index);
  entry = self->entries->len > n_entries ? &g_array_index (self->entries, MoissonFeedEntry, n_entries) : NULL;
  if (self->keep_all)
    {
      /* Whether it is loaded is known once placed: each entry is kept as
       * written until then, even one that can never be loaded. */
      if (entry == NULL)
        {
          MoissonFeedEntry none = { NULL, index, self->n_read_problems, self->n_read_problems, self->codes->len,
                                    keep_text (self, NULL, 0, ""), 0, FALSE };

          g_array_append_val (self->entries, none);
        }
      g_ptr_array_add (self->json, g_strdup (json_object_to_json_string_ext (json.json, JSON_C_TO_STRING_PLAIN |
                                                                                     JSON_C_TO_STRING_NOSLASHESCAPE)));
      return;
    }
  /* Rare in a feed, common in a hostile one: kept as the text it takes,
   * and read again if boundaries ever know one of its codes. */
  if (entry != NULL && entry->initiative != NULL && needs_boundary_codes (self, entry))
    {
      /* A row of a table is kept as the feature it was read as. */
      if (text == NULL)
        {
          text = json_object_to_json_string_ext (json.json, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
          length = strlen (text);
        }
      entry->text = keep_text (self, text, length, entry->initiative->id);
      g_clear_object (&entry->initiative);
    }
}

void
_moisson_feed_read_feature (MoissonFeed *self,
                            json_object *feature,
                            int          index)
{
  read_initiative_or_feature (self, read_feature, JSON_VALUE (feature), NULL, 0, index);
}

/* Reads the list at @pos entry by entry, each freed once read; with no
 * @read_entry, only checks it. */
static gboolean
walk_list (Scanner       *scanner,
           gsize          pos,
           gsize         *end,
           MoissonFeed   *self,
           ReadEntryFunc  read_entry,
           GError       **error)
{
  gboolean failed = FALSE;

  g_assert (scanner->data[pos] == '[');
  pos = skip_space (scanner, pos + 1);
  if (pos < scanner->length && scanner->data[pos] == ']')
    {
      *end = pos + 1;
      return TRUE;
    }
  for (int index = 0;; index++)
    {
      gsize start = pos, skimmed_end;
      guint containers;
      const Node *root;

      if (read_entry != NULL && scanner->nodes != NULL && read_fast (scanner, pos, &pos, &root))
        read_initiative_or_feature (self, read_entry, (Value) { NULL, root }, scanner->data + start, pos - start,
                                    index);
      else if (skim_value (scanner, pos, &skimmed_end, &containers) && containers > MAX_ENTRY_CONTAINERS)
        {
          if (read_entry != NULL)
            add_problem (self, index, NULL, _("The entry holds %u objects and lists, more than any initiative: it was not loaded."),
                         containers);
          pos = skimmed_end;
        }
      else
        {
          g_autoptr(json_object) entry = NULL;

          if (!parse_value_at (scanner, scanner->entry_tokener, pos, &entry, &pos, error))
            return FALSE;
          if (read_entry != NULL)
            read_initiative_or_feature (self, read_entry, JSON_VALUE (entry), scanner->data + start, pos - start, index);
        }
      if (!next_item (scanner, &pos, ']', &failed, error))
        break;
    }
  *end = pos;
  return !failed;
}

/* The members of the top object but its lists of entries, which are only
 * found (at *initiatives and *features), to be read once the taxonomy is
 * known, wherever it stands. */
static json_object *
scan_top_object (Scanner      *scanner,
                 MoissonFeed  *self,
                 gsize        *pos,
                 gsize        *initiatives,
                 gsize        *features,
                 GError      **error)
{
  g_autoptr(json_object) root = json_object_new_object ();
  gboolean failed = FALSE;

  *pos = skip_space (scanner, *pos + 1);
  if (*pos < scanner->length && scanner->data[*pos] == '}')
    {
      (*pos)++;
      return g_steal_pointer (&root);
    }
  for (;;)
    {
      g_autoptr(json_object) key = NULL;
      json_object *value = NULL;
      const char *name;
      gsize skimmed_end;
      guint containers;
      gboolean is_list_of_entries;

      if (!parse_value_at (scanner, scanner->member_tokener, *pos, &key, pos, error))
        return NULL;
      if (!json_object_is_type (key, json_type_string))
        {
          set_syntax_error (scanner, *pos, json_tokener_error_desc (json_tokener_error_parse_object_key_name), error);
          return NULL;
        }
      name = json_object_get_string (key);
      *pos = skip_space (scanner, *pos);
      if (*pos >= scanner->length || scanner->data[*pos] != ':')
        {
          set_syntax_error (scanner, *pos,
                            *pos >= scanner->length ? text_ends_early ()
                                                    : json_tokener_error_desc (json_tokener_error_parse_object_key_sep),
                            error);
          return NULL;
        }
      *pos = skip_space (scanner, *pos + 1);

      /* The last member of a name wins, as in a whole tree. */
      is_list_of_entries = (strcmp (name, "initiatives") == 0 || strcmp (name, "features") == 0);
      if (is_list_of_entries)
        {
          json_object_object_del (root, name);
          *(name[0] == 'i' ? initiatives : features) = G_MAXSIZE;
        }
      if (is_list_of_entries && *pos < scanner->length && scanner->data[*pos] == '[')
        {
          *(name[0] == 'i' ? initiatives : features) = *pos;
          if (!skim_value (scanner, *pos, pos, &containers))
            {
              set_syntax_error (scanner, scanner->length, text_ends_early (), error);
              return NULL;
            }
        }
      else if (skim_value (scanner, *pos, &skimmed_end, &containers) && containers > MAX_ENTRY_CONTAINERS)
        {
          add_problem (self, -1, NULL, _("“%s” holds %u objects and lists, more than a feed needs: ignored."),
                       name, containers);
          *pos = skimmed_end;
        }
      else
        {
          if (!parse_value_at (scanner, scanner->member_tokener, *pos, &value, pos, error))
            return NULL;
          json_object_object_add (root, name, value);
        }
      if (!next_item (scanner, pos, '}', &failed, error))
        break;
    }
  return failed ? NULL : g_steal_pointer (&root);
}

static void
clear_scanner (Scanner *scanner)
{
  g_clear_pointer (&scanner->member_tokener, json_tokener_free);
  g_clear_pointer (&scanner->entry_tokener, json_tokener_free);
  g_clear_pointer (&scanner->nodes, g_array_unref);
  if (scanner->strings != NULL)
    g_string_free (g_steal_pointer (&scanner->strings), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scanner, clear_scanner)

static MoissonFeed *
parse_feed (const char               *data,
            gssize                    length,
            gboolean                  keep_all,
            gboolean                  by_json_c,
            const MoissonFeedMapping *mapping,
            const MoissonFeedSchema  *schema,
            GError                  **error)
{
  g_autoptr(MoissonFeed) self = NULL;
  g_autoptr(json_object) root = NULL;
  g_autofree char *type = NULL;
  g_auto(Scanner) scanner = { 0 };
  gsize pos, initiatives = G_MAXSIZE, features = G_MAXSIZE, end;
  gboolean parsed;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);
  if (length > G_MAXINT)
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_TOO_LARGE, _("The feed is too large."));
      return NULL;
    }

  scanner.data = data;
  scanner.length = length;
  scanner.member_tokener = json_tokener_new_ex (MAX_DEPTH - 1);
  scanner.entry_tokener = json_tokener_new_ex (MAX_DEPTH - 2);
  /* A store of contributions keeps the json-c tree of each entry. */
  if (!keep_all && !by_json_c)
    {
      scanner.nodes = g_array_new (FALSE, FALSE, sizeof (Node));
      scanner.strings = g_string_new (NULL);
    }
  self = g_object_new (MOISSON_TYPE_FEED, NULL);
  self->keep_all = keep_all;
  /* A member named by the user comes first of its role: rank 0. */
  if (mapping != NULL)
    {
      const struct { const char *key; Role role; } named[] = {
        { mapping->title, ROLE_TITLE }, { mapping->departement, ROLE_DEPARTEMENT },
        { mapping->latitude, ROLE_LATITUDE }, { mapping->longitude, ROLE_LONGITUDE },
      };

      for (guint i = 0; i < G_N_ELEMENTS (named); i++)
        if (named[i].key != NULL)
          {
            Role role = named[i].role;
            Role own = role_of_key (named[i].key) & 0xff;

            /* A column of communes, EPCI, postal codes or names chosen
             * for the département is read as what its name says. */
            if (role == ROLE_DEPARTEMENT && (own == ROLE_DEPARTEMENT_NAME || own == ROLE_COMMUNE ||
                                             own == ROLE_EPCI || own == ROLE_POSTAL_CODE))
              role = own;
            g_hash_table_insert (self->roles, g_strdup (named[i].key), GUINT_TO_POINTER (role));
          }
    }

  /* A byte-order mark, as editors on Windows write it, is no content. */
  pos = skip_space (&scanner, length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0);
  if (pos == scanner.length)
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX, _("The file is empty."));
      return NULL;
    }
  /* A table of initiatives, one a row, is a spreadsheet's export. */
  if (!keep_all && data[pos] != '{' && data[pos] != '[' && _moisson_feed_is_csv (data, length))
    {
      g_autoptr(json_object) empty = json_object_new_object ();

      read_taxonomy (self, empty);
      self->features = TRUE;
      if (!_moisson_feed_read_csv (self, data, length, schema, error))
        return NULL;
      return g_steal_pointer (&self);
    }
  /* Only named schemas come here: one beside the file is looked for only
   * for a table. */
  if (schema != NULL)
    add_problem (self, -1, NULL, _("The schema “%s” describes CSV tables, and this feed is not one: it was not used."),
                 schema->name);
  if (pos < scanner.length && data[pos] == '{')
    parsed = (root = scan_top_object (&scanner, self, &pos, &initiatives, &features, error)) != NULL;
  else if (pos < scanner.length && data[pos] == '[')
    {
      if ((parsed = walk_list (&scanner, pos, &pos, NULL, NULL, error)))
        root = json_object_new_array ();
    }
  else
    /* JSON's null is a NULL root: not a feed, said below. */
    parsed = parse_value_at (&scanner, scanner.member_tokener, pos, &root, &pos, error);
  if (!parsed)
    return NULL;

  /* Anything but white space after the value means a damaged file. */
  end = pos;
  while (end < scanner.length && g_ascii_isspace (data[end]))
    end++;
  if (end < scanner.length)
    {
      int line, column;

      locate (data, end, &line, &column);
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX,
                   _("The feed is not valid JSON: unexpected text after the end, at line %d, column %d."),
                   line, column);
      return NULL;
    }

  if (!json_object_is_type (root, json_type_object))
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NOT_A_FEED,
                   _("The feed is valid JSON but not a feed: it is %s, not an object with “initiatives”."),
                   type_name (JSON_VALUE (root)));
      return NULL;
    }

  self->title = get_text (self, JSON_VALUE (root), "title", -1, NULL);
  type = get_text (self, JSON_VALUE (root), "type", -1, NULL);

  if (g_strcmp0 (type, "FeatureCollection") == 0)
    {
      read_taxonomy (self, root);
      self->features = TRUE;
      if (features == G_MAXSIZE)
        add_problem (self, -1, NULL, _("The FeatureCollection has no list of features."));
      else if (!walk_list (&scanner, features, &end, self, read_feature, error))
        return NULL;
      return g_steal_pointer (&self);
    }

  if (initiatives == G_MAXSIZE)
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NOT_A_FEED,
                   _("The feed is valid JSON but has no list of “initiatives”, and is not a GeoJSON FeatureCollection."));
      return NULL;
    }

  {
    double version;

    if (get_number (JSON_VALUE (root), "version", &version) && version > 1)
      add_problem (self, -1, NULL, _("The feed is of version %g, newer than this application: what it understands is loaded."),
                   version);
  }

  read_taxonomy (self, root);
  if (!walk_list (&scanner, initiatives, &end, self, read_initiative, error))
    return NULL;
  /* The features of a feed that is not GeoJSON are only checked. */
  if (features != G_MAXSIZE && !walk_list (&scanner, features, &end, NULL, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * moisson_feed_parse:
 * @data: the feed: a Moisson feed, or a GeoJSON FeatureCollection of points
 * @length: its length, or -1 if it ends with a NUL
 * @atlas: (nullable): boundaries to place the initiatives with, as
 *   moisson_feed_place () does
 *
 * Returns: (transfer full): the feed, with the entries it could not load
 *   listed as problems; %NULL with @error set when it is not a feed at all
 */
MoissonFeed *
moisson_feed_parse (const char    *data,
                    gssize         length,
                    MoissonAtlas  *atlas,
                    GError       **error)
{
  return moisson_feed_parse_with_mapping (data, length, atlas, NULL, error);
}

/**
 * moisson_feed_parse_with_mapping:
 * @mapping: (nullable): members named by the user, which win over the
 *   names the parser knows
 *
 * As moisson_feed_parse ().
 */
MoissonFeed *
moisson_feed_parse_with_mapping (const char               *data,
                                 gssize                    length,
                                 MoissonAtlas             *atlas,
                                 const MoissonFeedMapping *mapping,
                                 GError                  **error)
{
  return _moisson_feed_parse_with_schema (data, length, atlas, mapping, NULL, error);
}

/**
 * _moisson_feed_parse_with_schema:
 * @schema: (nullable): the Table Schema of a CSV table, or why it is not
 *   used: a problem of the feed
 *
 * As moisson_feed_parse_with_mapping ().
 */
MoissonFeed *
_moisson_feed_parse_with_schema (const char               *data,
                                 gssize                    length,
                                 MoissonAtlas             *atlas,
                                 const MoissonFeedMapping *mapping,
                                 const MoissonFeedSchema  *schema,
                                 GError                  **error)
{
  MoissonFeed *self = parse_feed (data, length, FALSE, FALSE, mapping, schema, error);

  if (self != NULL)
    moisson_feed_place (self, atlas);
  return self;
}

/* A store of contributions gives back every entry it wrote, whatever feed
 * is loaded beside it: unknown fields and département codes are kept as
 * written, and entries that cannot be loaded at all (a duplicate id, no
 * title) are kept as JSON text, for _moisson_feed_get_kept (). All of them
 * are still listed as problems. */
MoissonFeed *
_moisson_feed_parse_keeping_all (const char  *data,
                                 gssize       length,
                                 GError     **error)
{
  MoissonFeed *self = parse_feed (data, length, TRUE, FALSE, NULL, NULL, error);

  if (self != NULL)
    moisson_feed_place (self, NULL);
  return self;
}

/* As moisson_feed_parse (), every entry read by json-c: what reading
 * initiatives straight from the text must give the same. */
MoissonFeed *
_moisson_feed_parse_by_json_c (const char    *data,
                               gssize         length,
                               MoissonAtlas  *atlas,
                               GError       **error)
{
  MoissonFeed *self = parse_feed (data, length, FALSE, TRUE, NULL, NULL, error);

  if (self != NULL)
    moisson_feed_place (self, atlas);
  return self;
}

GPtrArray *
_moisson_feed_get_kept (MoissonFeed *self)
{
  return self->kept;
}

/* The id of an entry kept as text. */
const char *
_moisson_feed_entry_get_id (MoissonFeed            *self,
                            const MoissonFeedEntry *entry)
{
  guint32 length;

  memcpy (&length, self->texts->str + entry->text, sizeof length);
  return self->texts->str + entry->text + sizeof length + length;
}

/**
 * _moisson_feed_read_again:
 * @entry: an entry kept as text, that some boundaries can place
 *
 * Reads the entry as it was read the first time, its problems aside: they
 * were listed then.
 *
 * Returns: (transfer full) (nullable): its initiative
 */
MoissonInitiative *
_moisson_feed_read_again (MoissonFeed            *self,
                          const MoissonFeedEntry *entry)
{
  g_autoptr(MoissonFeed) scratch = g_object_new (MOISSON_TYPE_FEED, NULL);
  g_auto(Scanner) scanner = { 0 };
  g_autoptr(json_object) json = NULL;
  guint32 length;
  gsize end;

  memcpy (&length, self->texts->str + entry->text, sizeof length);
  scanner.data = self->texts->str + entry->text + sizeof length;
  scanner.length = length;
  scanner.entry_tokener = json_tokener_new_ex (MAX_DEPTH - 2);
  if (!parse_value_at (&scanner, scanner.entry_tokener, 0, &json, &end, NULL))
    return NULL;

  /* The same taxonomy says which fields are known. */
  g_ptr_array_unref (scratch->fields);
  scratch->fields = g_ptr_array_ref (self->fields);
  g_hash_table_unref (scratch->fields_by_id);
  scratch->fields_by_id = g_hash_table_ref (self->fields_by_id);
  if (self->features)
    read_feature (scratch, JSON_VALUE (json), entry->index);
  else
    read_initiative (scratch, JSON_VALUE (json), entry->index);
  if (scratch->entries->len == 0)
    return NULL;
  return g_steal_pointer (&g_array_index (scratch->entries, MoissonFeedEntry, 0).initiative);
}

const char *
moisson_feed_get_title (MoissonFeed *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED (self), NULL);
  return self->title;
}

/**
 * moisson_feed_get_fields:
 *
 * Returns: (transfer none) (element-type MoissonField): the taxonomy
 */
GPtrArray *
moisson_feed_get_fields (MoissonFeed *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED (self), NULL);
  return self->fields;
}

const MoissonField *
moisson_feed_lookup_field (MoissonFeed *self,
                           const char  *id)
{
  g_return_val_if_fail (MOISSON_IS_FEED (self), NULL);
  return id != NULL ? g_hash_table_lookup (self->fields_by_id, id) : NULL;
}

/**
 * moisson_feed_get_initiatives:
 *
 * Returns: (transfer none) (element-type MoissonInitiative): what was loaded
 */
GPtrArray *
moisson_feed_get_initiatives (MoissonFeed *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED (self), NULL);
  return self->initiatives;
}

/**
 * moisson_feed_count_problems:
 *
 * Returns: how many problems the feed has: those of
 *   moisson_feed_get_problems (), which keeps the first thousand, and the
 *   rest
 */
guint
moisson_feed_count_problems (MoissonFeed *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED (self), 0);
  return self->problems->len + self->n_more_problems;
}

/**
 * moisson_feed_dup_more_problems:
 *
 * Returns: (nullable): "… and 12 more problems." for the problems that are
 *   counted but not listed, %NULL when every one is listed
 */
char *
moisson_feed_dup_more_problems (MoissonFeed *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED (self), NULL);

  if (self->n_more_problems == 0)
    return NULL;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more problem, not listed.",
                                       "… and %u more problems, not listed.", self->n_more_problems),
                          self->n_more_problems);
}

/**
 * moisson_feed_get_problems:
 *
 * Returns: (transfer none) (element-type MoissonFeedProblem): what was not
 *   loaded, or loaded in part, and why
 */
GPtrArray *
moisson_feed_get_problems (MoissonFeed *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED (self), NULL);
  return self->problems;
}

MoissonInitiative *
moisson_feed_find_by_id (MoissonFeed *self,
                         const char  *id)
{
  g_return_val_if_fail (MOISSON_IS_FEED (self), NULL);
  return id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
}

/**
 * moisson_feed_report_json:
 *
 * Returns: (transfer full): {"initiatives": N, "problems": [{"index", "id",
 *   "message"}…], "departements": {"26": 3, …}}, for people who publish feeds
 */
char *
moisson_feed_report_json (MoissonFeed *self)
{
  g_autoptr(json_object) report = json_object_new_object ();
  json_object *problems = json_object_new_array ();
  json_object *counts = json_object_new_object ();

  g_return_val_if_fail (MOISSON_IS_FEED (self), NULL);

  json_object_object_add (report, "initiatives", json_object_new_int ((int) self->initiatives->len));
  for (guint i = 0; i < self->problems->len; i++)
    {
      MoissonFeedProblem *problem = g_ptr_array_index (self->problems, i);
      json_object *item = json_object_new_object ();

      json_object_object_add (item, "index", problem->index >= 0 ? json_object_new_int (problem->index) : NULL);
      json_object_object_add (item, "id", problem->id ? json_object_new_string (problem->id) : NULL);
      json_object_object_add (item, "message", json_object_new_string (problem->message));
      json_object_array_add (problems, item);
    }
  json_object_object_add (report, "problems", problems);
  json_object_object_add (report, "more_problems", json_object_new_int64 (self->n_more_problems));

  for (guint i = 0; i < self->initiatives->len; i++)
    {
      const char * const *codes = moisson_initiative_get_departements (g_ptr_array_index (self->initiatives, i));

      for (guint c = 0; codes[c] != NULL; c++)
        {
          json_object *count = json_object_object_get (counts, codes[c]);

          json_object_object_add (counts, codes[c],
                                  json_object_new_int ((count ? json_object_get_int (count) : 0) + 1));
        }
    }
  json_object_object_add (report, "departements", counts);

  return g_strdup (json_object_to_json_string_ext (report, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
}

void
_moisson_feed_set_origin (MoissonFeed *self,
                          const char  *uri,
                          gboolean     offline,
                          GDateTime   *data_date,
                          const char  *offline_reason)
{
  g_free (self->uri);
  self->uri = g_strdup (uri);
  self->offline = offline;
  g_clear_pointer (&self->data_date, g_date_time_unref);
  self->data_date = data_date ? g_date_time_ref (data_date) : NULL;
  g_free (self->offline_reason);
  self->offline_reason = g_strdup (offline_reason);
}

const char *
moisson_feed_get_uri (MoissonFeed *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED (self), NULL);
  return self->uri;
}

/* TRUE when the network or the server failed and this is the last good
 * copy, kept in the cache. */
gboolean
moisson_feed_is_offline (MoissonFeed *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED (self), FALSE);
  return self->offline;
}

/* When the data was fetched; NULL for a local file. */
GDateTime *
moisson_feed_get_data_date (MoissonFeed *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED (self), NULL);
  return self->data_date;
}

const char *
moisson_feed_get_offline_reason (MoissonFeed *self)
{
  g_return_val_if_fail (MOISSON_IS_FEED (self), NULL);
  return self->offline_reason;
}

static void
add_text (json_object *object,
          const char  *key,
          const char  *text)
{
  if (text != NULL)
    json_object_object_add (object, key, json_object_new_string (text));
}

/* The portrait-robot of a team as read_portrait() reads it back. */
static json_object *
portrait_to_json (const MoissonPortrait *portrait)
{
  json_object *object = json_object_new_object ();
  json_object *organisation = json_object_new_object ();

  add_text (object, "vision", portrait->vision);
  add_text (object, "activities", portrait->activities);
  add_text (object, "methods", portrait->methods);
  add_text (organisation, "team", portrait->team);
  add_text (organisation, "budget", portrait->budget);
  add_text (organisation, "place", portrait->place);
  add_text (organisation, "communication", portrait->communication);
  if (json_object_object_length (organisation) > 0)
    json_object_object_add (object, "organisation", organisation);
  else
    json_object_put (organisation);
  add_text (object, "governance", portrait->governance);
  return object;
}

static void
add_list (json_object *object,
          const char  *key,
          char       **items)
{
  json_object *array;

  if (items == NULL || items[0] == NULL)
    return;
  array = json_object_new_array ();
  for (guint i = 0; items[i] != NULL; i++)
    json_object_array_add (array, json_object_new_string (items[i]));
  json_object_object_add (object, key, array);
}

/* Writes what the parser reads, so a contribution comes back the same. */
json_object *
_moisson_initiative_to_json (MoissonInitiative *self)
{
  json_object *object = json_object_new_object ();

  add_text (object, "id", self->id);
  add_text (object, "title", self->title);
  add_list (object, "departements", self->departements);
  add_list (object, "fields", self->fields);
  add_text (object, "summary", self->summary);
  add_text (object, "description", self->description);
  add_text (object, "kind", moisson_kind_to_string (self->kind));
  add_text (object, "status", moisson_status_to_string (self->status));
  if (self->year > 0)
    json_object_object_add (object, "year", json_object_new_int (self->year));
  add_list (object, "actors", self->actors);
  add_list (object, "partners", self->partners);
  add_text (object, "contact", self->contact);
  if (self->links->len > 0)
    {
      json_object *links = json_object_new_array ();

      for (guint i = 0; i < self->links->len; i++)
        {
          const MoissonLink *link = &g_array_index (self->links, MoissonLink, i);
          json_object *item = json_object_new_object ();

          add_text (item, "label", link->label);
          add_text (item, "url", link->url);
          json_object_array_add (links, item);
        }
      json_object_object_add (object, "links", links);
    }
  add_list (object, "tags", self->tags);
  if (self->has_location)
    {
      json_object *location = json_object_new_object ();

      json_object_object_add (location, "lat", json_object_new_double (self->lat));
      json_object_object_add (location, "lon", json_object_new_double (self->lon));
      json_object_object_add (object, "location", location);
    }
  if (self->spread != NULL && self->spread->len > 0)
    {
      json_object *spread = json_object_new_array ();

      for (guint i = 0; i < self->spread->len; i++)
        {
          const MoissonSpreadStep *step = &g_array_index (self->spread, MoissonSpreadStep, i);
          json_object *item = json_object_new_object ();

          add_text (item, "departement", step->departement);
          add_text (item, "role", moisson_spread_role_to_string (step->role));
          if (step->year > 0)
            json_object_object_add (item, "year", json_object_new_int (step->year));
          json_object_array_add (spread, item);
        }
      json_object_object_add (object, "spread", spread);
    }
  add_text (object, "source", self->source);
  add_text (object, "updated", self->updated);
  if (self->portrait != NULL)
    json_object_object_add (object, "portrait", portrait_to_json (self->portrait));
  if (self->contribution != NULL)
    {
      json_object *contribution = json_object_new_object ();

      add_text (contribution, "author", self->contribution->author);
      add_text (contribution, "workshop", self->contribution->workshop);
      add_text (contribution, "created", self->contribution->created);
      add_text (contribution, "review", moisson_review_to_string (self->contribution->review));
      add_text (contribution, "sync", moisson_sync_to_string (self->contribution->sync));
      add_text (contribution, "sync_error", self->contribution->sync_error);
      if (self->contribution->revision > 0)
        json_object_object_add (contribution, "revision", json_object_new_int64 (self->contribution->revision));
      json_object_object_add (object, "contribution", contribution);
    }
  return object;
}

/**
 * moisson_feed_serialize:
 * @initiatives: (element-type MoissonInitiative): what to write
 * @fields: (nullable) (element-type MoissonField): the taxonomy to include
 *
 * Returns: (transfer full): a feed in the documented format
 */
char *
moisson_feed_serialize (GPtrArray  *initiatives,
                        GPtrArray  *fields,
                        const char *title)
{
  g_autoptr(json_object) root = json_object_new_object ();
  json_object *items = json_object_new_array ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *generated = g_date_time_format_iso8601 (now);

  json_object_object_add (root, "format", json_object_new_string ("moisson-feed"));
  json_object_object_add (root, "version", json_object_new_int (1));
  json_object_object_add (root, "generated", json_object_new_string (generated));
  add_text (root, "title", title);
  if (fields != NULL && fields->len > 0)
    {
      json_object *taxonomy = json_object_new_array ();

      for (guint i = 0; i < fields->len; i++)
        {
          const MoissonField *field = g_ptr_array_index (fields, i);
          json_object *item = json_object_new_object ();

          add_text (item, "id", field->id);
          add_text (item, "label", field->label);
          add_text (item, "color", field->color);
          json_object_array_add (taxonomy, item);
        }
      json_object_object_add (root, "fields", taxonomy);
    }
  for (guint i = 0; i < initiatives->len; i++)
    json_object_array_add (items, _moisson_initiative_to_json (g_ptr_array_index (initiatives, i)));
  json_object_object_add (root, "initiatives", items);

  return g_strdup (json_object_to_json_string_ext (root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
}
