/* fuzz-view-file.c: .moisson-view files, on anything.
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "fuzz-common.h"
#include "moisson-view-file.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();
  g_autoptr(MoissonFilter) reread = moisson_filter_new ();
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  MoissonViewPlace place = { NULL, FALSE, 0, 0, 1 };
  MoissonViewPlace place_again = { NULL, FALSE, 0, 0, 1 };

  if (!moisson_view_file_parse ((const char *) data, size, filter, &place, &error))
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  /* A view that was read saves to a file that reads back as the same view. */
  saved = moisson_view_file_serialize (filter, &place);
  g_assert_true (moisson_view_file_parse (saved, -1, reread, &place_again, &error));
  g_assert_no_error (error);
  saved_again = moisson_view_file_serialize (reread, &place_again);
  g_assert_cmpstr (saved, ==, saved_again);

  moisson_view_place_clear (&place);
  moisson_view_place_clear (&place_again);
  return 0;
}
