/* moisson-server-contribution.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-server-contribution.h"

#include <json.h>
#include <string.h>

#include "moisson-core.h"

/* Longer ids and client names are refused: they are keys, not texts. */
#define MAX_KEY_LENGTH 200

G_DEFINE_QUARK (moisson-server-request-error-quark, moisson_server_request_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_object, json_object_put)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_tokener, json_tokener_free)

const char *
moisson_server_request_error_code (const GError *error)
{
  static const char * const codes[] = {
    [MOISSON_SERVER_REQUEST_ERROR_BAD_JSON] = "bad-json",
    [MOISSON_SERVER_REQUEST_ERROR_NOT_A_CONTRIBUTION] = "not-a-contribution",
    [MOISSON_SERVER_REQUEST_ERROR_INVALID_INITIATIVE] = "invalid-initiative",
    [MOISSON_SERVER_REQUEST_ERROR_NO_REVISION] = "no-revision",
  };

  g_return_val_if_fail (error != NULL && error->domain == MOISSON_SERVER_REQUEST_ERROR, "bad-request");
  g_return_val_if_fail (error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (codes), "bad-request");
  return codes[error->code];
}

void
moisson_server_contribution_free (MoissonServerContribution *self)
{
  g_free (self->id);
  g_free (self->client);
  g_free (self->initiative);
  g_free (self->published);
  g_strfreev (self->warnings);
  g_free (self);
}

static gboolean
get_whole_number (json_object *object,
                  const char  *key,
                  gint64      *number)
{
  json_object *value = NULL;

  if (!json_object_object_get_ex (object, key, &value) || !json_object_is_type (value, json_type_int))
    return FALSE;
  *number = json_object_get_int64 (value);
  return TRUE;
}

/**
 * moisson_server_contribution_read:
 * @body: {"format": "moisson-contribution", "version": 1, "client": "…",
 *   "revision": n, "initiative": {…}}; "format", "version", "client" and
 *   "revision" may be left out, the revision then being the initiative's
 *   "contribution": {"revision": n}
 * @need_revision: whether a body without a revision is refused (a
 *   moderator's edit has none)
 *
 * Reads the initiative with the core's feed reader, exactly as the
 * application reads a feed: an initiative it would not load is refused,
 * with the reader's reasons.
 */
MoissonServerContribution *
moisson_server_contribution_read (const char  *body,
                                  gsize        length,
                                  gboolean     need_revision,
                                  GError     **error)
{
  g_autoptr(MoissonServerContribution) self = g_new0 (MoissonServerContribution, 1);
  g_autoptr(json_tokener) tokener = json_tokener_new ();
  g_autoptr(json_object) root = NULL;
  g_autoptr(json_object) published = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(GError) feed_error = NULL;
  g_autoptr(GString) feed_text = NULL;
  g_autoptr(GStrvBuilder) warnings = g_strv_builder_new ();
  json_object *initiative = NULL;
  json_object *value = NULL;
  GPtrArray *initiatives;
  GPtrArray *problems;
  const MoissonContribution *record;
  gint64 revision = 0;

  if (length > G_MAXINT || !g_utf8_validate_len (body, length, NULL))
    {
      g_set_error (error, MOISSON_SERVER_REQUEST_ERROR, MOISSON_SERVER_REQUEST_ERROR_BAD_JSON,
                   "The body is not UTF-8 text.");
      return NULL;
    }
  root = json_tokener_parse_ex (tokener, body, (int) length);
  if (root == NULL || json_tokener_get_error (tokener) != json_tokener_success
      || json_tokener_get_parse_end (tokener) < length)
    {
      g_set_error (error, MOISSON_SERVER_REQUEST_ERROR, MOISSON_SERVER_REQUEST_ERROR_BAD_JSON,
                   "The body is not JSON: %s.",
                   json_tokener_error_desc (json_tokener_get_error (tokener) != json_tokener_success
                                              ? json_tokener_get_error (tokener) : json_tokener_error_parse_eof));
      return NULL;
    }
  if (!json_object_is_type (root, json_type_object)
      || !json_object_object_get_ex (root, "initiative", &initiative)
      || !json_object_is_type (initiative, json_type_object)
      || (json_object_object_get_ex (root, "format", &value)
          && g_strcmp0 (json_object_get_string (value), "moisson-contribution") != 0))
    {
      g_set_error (error, MOISSON_SERVER_REQUEST_ERROR, MOISSON_SERVER_REQUEST_ERROR_NOT_A_CONTRIBUTION,
                   "The body is not a contribution: an object with an “initiative” object is expected.");
      return NULL;
    }
  if (json_object_object_get_ex (root, "client", &value) && !json_object_is_type (value, json_type_null))
    {
      if (!json_object_is_type (value, json_type_string) || json_object_get_string_len (value) > MAX_KEY_LENGTH)
        {
          g_set_error (error, MOISSON_SERVER_REQUEST_ERROR, MOISSON_SERVER_REQUEST_ERROR_NOT_A_CONTRIBUTION,
                       "“client” must be a text of at most %d bytes.", MAX_KEY_LENGTH);
          return NULL;
        }
      self->client = g_strdup (json_object_get_string (value));
    }

  /* The core reads it as the only entry of a feed. */
  feed_text = g_string_new ("{\"format\": \"moisson-feed\", \"version\": 1, \"initiatives\": [");
  g_string_append (feed_text, json_object_to_json_string_ext (initiative, JSON_C_TO_STRING_PLAIN));
  g_string_append (feed_text, "]}");
  feed = moisson_feed_parse (feed_text->str, feed_text->len, NULL, &feed_error);
  if (feed == NULL)
    {
      g_set_error (error, MOISSON_SERVER_REQUEST_ERROR, MOISSON_SERVER_REQUEST_ERROR_INVALID_INITIATIVE,
                   "%s", feed_error->message);
      return NULL;
    }
  initiatives = moisson_feed_get_initiatives (feed);
  problems = moisson_feed_get_problems (feed);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const MoissonFeedProblem *problem = g_ptr_array_index (problems, i);

      g_strv_builder_add (warnings, problem->message);
    }
  self->warnings = g_strv_builder_end (warnings);
  if (initiatives == NULL || initiatives->len != 1)
    {
      g_autofree char *reasons = g_strjoinv (" ", self->warnings);

      g_set_error (error, MOISSON_SERVER_REQUEST_ERROR, MOISSON_SERVER_REQUEST_ERROR_INVALID_INITIATIVE,
                   "The initiative cannot be loaded: %s", reasons[0] != '\0' ? reasons : "it has no known département.");
      return NULL;
    }

  self->id = g_strdup (moisson_initiative_get_id (g_ptr_array_index (initiatives, 0)));
  if (strlen (self->id) > MAX_KEY_LENGTH)
    {
      g_set_error (error, MOISSON_SERVER_REQUEST_ERROR, MOISSON_SERVER_REQUEST_ERROR_INVALID_INITIATIVE,
                   "The initiative’s “id” is longer than %d bytes.", MAX_KEY_LENGTH);
      return NULL;
    }
  record = moisson_initiative_get_contribution (g_ptr_array_index (initiatives, 0));
  if (get_whole_number (root, "revision", &revision))
    ;
  else if (record != NULL)
    revision = record->revision;
  if (revision < 0 || revision > G_MAXINT32 || (need_revision && revision < 1))
    {
      g_set_error (error, MOISSON_SERVER_REQUEST_ERROR, MOISSON_SERVER_REQUEST_ERROR_NO_REVISION,
                   "The contribution has no revision: “revision” (or the initiative’s “contribution”: {“revision”}) must be a whole number from 1.");
      return NULL;
    }
  self->revision = (guint) revision;

  self->initiative = g_strdup (json_object_to_json_string_ext (initiative, JSON_C_TO_STRING_PLAIN));
  json_object_deep_copy (initiative, &published, NULL);
  json_object_object_del (published, "contribution");
  self->published = g_strdup (json_object_to_json_string_ext (published, JSON_C_TO_STRING_PLAIN));
  return g_steal_pointer (&self);
}
