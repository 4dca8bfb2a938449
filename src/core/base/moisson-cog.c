/* moisson-cog.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-cog.h"

#include <string.h>

#include "moisson-bundled.h"

/* Each table is read whole on first use (tens of kilobytes) and kept for the
 * life of the process: code → GStrv of départements. A missing or unreadable
 * table is an empty one, so that a feed is placed by its other columns. */

static GHashTable *
load_table (const char *name)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  g_autofree char *path = moisson_dup_bundled_cog_table (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      /* Not a warning: tests and partial installs run without it. */
      g_message ("The table %s is not available: %s", path, error->message);
      return table;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tab = strchr (lines[i], '\t');

      if (lines[i][0] == '#' || tab == NULL || tab == lines[i] || tab[1] == '\0')
        continue;
      *tab = '\0';
      g_hash_table_replace (table, g_strdup (lines[i]), g_strsplit (tab + 1, ",", -1));
    }
  return table;
}

/* The table @name, read once into *@table. */
static GHashTable *
table_once (GHashTable **table,
            const char  *name)
{
  if (g_once_init_enter (table))
    g_once_init_leave (table, load_table (name));
  return *table;
}

static GHashTable *
postal_codes (void)
{
  static GHashTable *table;

  return table_once (&table, "postal-codes.tsv");
}

static GHashTable *
epci (void)
{
  static GHashTable *table;

  return table_once (&table, "epci.tsv");
}

/**
 * moisson_cog_departements_of_postal_code:
 * @code: a postal code of five digits, such as "26150"
 *
 * Returns: (nullable) (transfer none): the codes of the départements of the
 *   communes that share @code, sorted; %NULL for a code that none has, or
 *   when the table is not installed
 */
const char * const *
moisson_cog_departements_of_postal_code (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  return g_hash_table_lookup (postal_codes (), code);
}

/**
 * moisson_cog_departements_of_epci:
 * @siren: the SIREN number of an EPCI, nine digits, such as "200068500"
 *
 * Returns: (nullable) (transfer none): the codes of the départements of its
 *   member communes, sorted; %NULL for an unknown SIREN, or when the table
 *   is not installed
 */
const char * const *
moisson_cog_departements_of_epci (const char *siren)
{
  g_return_val_if_fail (siren != NULL, NULL);

  return g_hash_table_lookup (epci (), siren);
}

/**
 * moisson_cog_has_postal_codes:
 *
 * Returns: whether the table of postal codes is installed: without it,
 *   every postal code is unknown
 */
gboolean
moisson_cog_has_postal_codes (void)
{
  return g_hash_table_size (postal_codes ()) > 0;
}

/**
 * moisson_cog_has_epci:
 *
 * Returns: whether the table of EPCI is installed
 */
gboolean
moisson_cog_has_epci (void)
{
  return g_hash_table_size (epci ()) > 0;
}
