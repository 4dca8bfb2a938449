/* moisson-bundled.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-bundled.h"

/* Installed data first; an uninstalled build uses the source tree, so
 * the app runs straight from its build directory. MOISSON_DATADIR, when
 * set, is the only place looked at: a test can so run without a file. */
static char *
dup_data_file (const char *relative)
{
  const char *override = g_getenv ("MOISSON_DATADIR");
  const char *candidates[] = { override, MOISSON_DATADIR, MOISSON_SOURCE_DATADIR };

  if (override != NULL)
    return g_build_filename (override, relative, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = NULL;

      if (candidates[i] == NULL)
        continue;
      path = g_build_filename (candidates[i], relative, NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }

  return g_build_filename (MOISSON_DATADIR, relative, NULL);
}

/**
 * moisson_dup_bundled_boundaries:
 *
 * Returns: (transfer full): the path of the départements' shapefile that
 *   comes with Moisson
 */
char *
moisson_dup_bundled_boundaries (void)
{
  return dup_data_file ("departements" G_DIR_SEPARATOR_S "departements.shp");
}

/**
 * moisson_dup_bundled_feed:
 *
 * Returns: (transfer full): the path of the sample feed that comes with
 *   Moisson
 */
char *
moisson_dup_bundled_feed (void)
{
  return dup_data_file ("initiatives.json");
}

/**
 * moisson_dup_bundled_cog_table:
 * @name: the table's file name, such as "epci.tsv"
 *
 * Returns: (transfer full): the path of a table of the COG that comes with
 *   Moisson
 */
char *
moisson_dup_bundled_cog_table (const char *name)
{
  g_autofree char *relative = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  relative = g_build_filename ("cog", name, NULL);
  return dup_data_file (relative);
}
