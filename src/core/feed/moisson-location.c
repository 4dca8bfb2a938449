/* moisson-location.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-location.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

/* What the preferences accept as a feed or submission address, checked as
 * it is typed so the message sits beside the entry, before any download. */

static gboolean
check_web_address (const char  *text,
                   GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("This address is incomplete: it needs a server name, as in https://example.org/feed.json."));
      return FALSE;
    }
  return TRUE;
}

/**
 * moisson_location_check:
 * @text: what was typed; empty means the default and is accepted
 *
 * Returns: %TRUE if @text can be used; otherwise @error says why, in words
 *   for the person typing
 */
gboolean
moisson_location_check (const char           *text,
                        MoissonLocationKind   kind,
                        GError              **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *scheme = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    return TRUE;

  scheme = g_uri_parse_scheme (stripped);
  if (scheme != NULL && (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0))
    return check_web_address (stripped, error);

  if (kind == MOISSON_LOCATION_SUBMISSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Use an address that starts with http:// or https://."));
      return FALSE;
    }

  if (scheme == NULL || g_ascii_strcasecmp (scheme, "file") == 0)
    {
      g_autoptr(GFile) file = scheme ? g_file_new_for_uri (stripped) : g_file_new_for_commandline_arg (stripped);
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no file at this place."));
          return FALSE;
        }
      return TRUE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Use an address that starts with http://, https:// or file://, or the path of a file."));
  return FALSE;
}
