/* fuzz-contribution.c: the body of POST /contributions, and of a
 * moderator's edit, on anything.
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "fuzz-common.h"
#include "moisson-server-contribution.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  for (int need_revision = 0; need_revision <= 1; need_revision++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MoissonServerContribution) contribution = NULL;
      g_autoptr(MoissonServerContribution) again = NULL;

      contribution = moisson_server_contribution_read ((const char *) data, size, need_revision, &error);
      if (contribution == NULL)
        {
          /* Refused with a code the client knows and a message it can show. */
          g_assert_nonnull (error);
          g_assert_true (error->domain == MOISSON_SERVER_REQUEST_ERROR);
          g_assert_nonnull (moisson_server_request_error_code (error));
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          continue;
        }
      g_assert_no_error (error);
      g_assert_nonnull (contribution->id);
      g_assert_true (strlen (contribution->id) <= 200);
      g_assert_true (!need_revision || contribution->revision >= 1);
      g_assert_true (g_utf8_validate (contribution->initiative, -1, NULL));
      g_assert_nonnull (contribution->warnings);
      /* What is stored reads back the same. */
      {
        g_autofree char *body = g_strdup_printf ("{\"revision\": %u, \"initiative\": %s}",
                                                 contribution->revision, contribution->initiative);

        again = moisson_server_contribution_read (body, strlen (body), need_revision, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (again->id, ==, contribution->id);
        g_assert_cmpuint (again->revision, ==, contribution->revision);
        g_assert_cmpstr (again->published, ==, contribution->published);
      }
    }
  return 0;
}
