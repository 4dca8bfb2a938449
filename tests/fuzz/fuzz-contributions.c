/* fuzz-contributions.c: the file of saved contributions, on anything.
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "fuzz-common.h"
#include "moisson-contribution-store.h"

/* Never written: load_data () does not save, and an import that adds
 * nothing does not either. */
#define STORE_PATH "/nonexistent/moisson-fuzz/contributions.json"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (STORE_PATH);
  g_autoptr(MoissonContributionStore) reread = moisson_contribution_store_new (STORE_PATH);
  g_autoptr(GPtrArray) duplicates = NULL;
  g_autofree char *exported = NULL;
  MoissonImportReport report = { 0 };
  GPtrArray *all;

  if (!moisson_contribution_store_load_data (store, (const char *) data, size, &error))
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  all = moisson_contribution_store_get_all (store);
  for (guint i = 0; i < all->len; i++)
    {
      const char *id = moisson_initiative_get_id (g_ptr_array_index (all, i));

      if (id != NULL)
        g_assert_nonnull (moisson_contribution_store_lookup (store, id));
    }
  duplicates = moisson_find_duplicates (all, all);

  /* What was read exports to a file that reads back whole, and importing
   * the original into that adds nothing. */
  exported = moisson_contribution_store_export (store, NULL);
  g_assert_true (moisson_contribution_store_load_data (reread, exported, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_contribution_store_get_all (reread)->len, ==, all->len);
  g_assert_true (moisson_contribution_store_import (reread, (const char *) data, size, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.added, ==, 0);
  moisson_import_report_clear (&report);
  return 0;
}
