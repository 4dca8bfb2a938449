/* moisson-moderators.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-moderators.h"

#include <string.h>

/* A token shorter than this is refused when the file is read. */
#define MIN_TOKEN_LENGTH 16
#define DIGEST_LENGTH 32

typedef struct
{
  char *name;
  guint8 digest[DIGEST_LENGTH];   /* SHA-256 of the token: never the token itself */
} Moderator;

struct _MoissonModerators
{
  GArray *moderators;   /* Moderator */
};

static void
clear_moderator (Moderator *moderator)
{
  g_free (moderator->name);
}

static void
digest (const char *text,
        gsize       length,
        guint8      out[DIGEST_LENGTH])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize out_length = DIGEST_LENGTH;

  g_checksum_update (checksum, (const guchar *) text, length);
  g_checksum_get_digest (checksum, out, &out_length);
  g_assert (out_length == DIGEST_LENGTH);
}

MoissonModerators *
moisson_moderators_new_empty (void)
{
  MoissonModerators *self = g_new0 (MoissonModerators, 1);

  self->moderators = g_array_new (FALSE, TRUE, sizeof (Moderator));
  g_array_set_clear_func (self->moderators, (GDestroyNotify) clear_moderator);
  return self;
}

/**
 * moisson_moderators_new_from_file:
 *
 * Reads one moderator a line, "name:token"; blank lines and lines that
 * start with # are skipped. The name is what the audit trail records.
 */
MoissonModerators *
moisson_moderators_new_from_file (const char  *path,
                                  GError     **error)
{
  g_autoptr(MoissonModerators) self = moisson_moderators_new_empty ();
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  explicit_bzero (contents, strlen (contents));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *colon = strchr (line, ':');
      Moderator moderator = { 0 };

      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (colon == NULL || colon == line || strlen (colon + 1) < MIN_TOKEN_LENGTH)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "%s, line %u: expected “name:token” with a token of at least %d characters",
                       path, i + 1, MIN_TOKEN_LENGTH);
          for (guint j = i; lines[j] != NULL; j++)
            explicit_bzero (lines[j], strlen (lines[j]));
          return NULL;
        }
      moderator.name = g_strndup (line, colon - line);
      g_strstrip (moderator.name);
      digest (colon + 1, strlen (colon + 1), moderator.digest);
      explicit_bzero (line, strlen (line));
      g_array_append_val (self->moderators, moderator);
    }
  return g_steal_pointer (&self);
}

void
moisson_moderators_free (MoissonModerators *self)
{
  g_array_unref (self->moderators);
  g_free (self);
}

guint
moisson_moderators_get_n (MoissonModerators *self)
{
  return self->moderators->len;
}

/**
 * moisson_moderators_check:
 * @authorization: (nullable): the Authorization header, "Bearer <token>"
 *
 * Compares the token with every moderator's in constant time: the time
 * taken tells nothing of how much of a token was right, nor of which one.
 *
 * Returns: (nullable): the name of the moderator, or %NULL
 */
const char *
moisson_moderators_check (MoissonModerators *self,
                          const char        *authorization)
{
  guint8 presented[DIGEST_LENGTH];
  const char *token;
  const char *name = NULL;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return NULL;
  token = authorization + 7;
  while (*token == ' ')
    token++;
  digest (token, strlen (token), presented);

  for (guint i = 0; i < self->moderators->len; i++)
    {
      const Moderator *moderator = &g_array_index (self->moderators, Moderator, i);
      volatile guint8 difference = 0;

      for (guint j = 0; j < DIGEST_LENGTH; j++)
        difference |= presented[j] ^ moderator->digest[j];
      if (difference == 0)
        name = moderator->name;
    }
  return name;
}
