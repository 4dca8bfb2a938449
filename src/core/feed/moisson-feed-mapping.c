/* moisson-feed-mapping.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "moisson-feed-mapping.h"

G_DEFINE_BOXED_TYPE (MoissonFeedMapping, moisson_feed_mapping, moisson_feed_mapping_copy, moisson_feed_mapping_free)

/* Empty names are no choice: the column is found by its name. */
static char *
chosen (const char *column)
{
  return column != NULL && *column != '\0' ? g_strdup (column) : NULL;
}

/**
 * moisson_feed_mapping_copy:
 * @mapping: (nullable)
 *
 * Returns: (transfer full): a copy that owns its names; free it with
 *   moisson_feed_mapping_free ()
 */
MoissonFeedMapping *
moisson_feed_mapping_copy (const MoissonFeedMapping *mapping)
{
  MoissonFeedMapping *copy = g_new0 (MoissonFeedMapping, 1);

  if (mapping == NULL)
    return copy;
  copy->title = chosen (mapping->title);
  copy->departement = chosen (mapping->departement);
  copy->latitude = chosen (mapping->latitude);
  copy->longitude = chosen (mapping->longitude);
  return copy;
}

void
moisson_feed_mapping_free (MoissonFeedMapping *mapping)
{
  if (mapping == NULL)
    return;
  g_free ((char *) mapping->title);
  g_free ((char *) mapping->departement);
  g_free ((char *) mapping->latitude);
  g_free ((char *) mapping->longitude);
  g_free (mapping);
}

static const char *
or_empty (const char *column)
{
  return column != NULL ? column : "";
}

/* %NULL is the mapping that chooses nothing. */
gboolean
moisson_feed_mapping_equal (const MoissonFeedMapping *a,
                            const MoissonFeedMapping *b)
{
  static const MoissonFeedMapping none = { NULL };

  a = a != NULL ? a : &none;
  b = b != NULL ? b : &none;
  return strcmp (or_empty (a->title), or_empty (b->title)) == 0 &&
         strcmp (or_empty (a->departement), or_empty (b->departement)) == 0 &&
         strcmp (or_empty (a->latitude), or_empty (b->latitude)) == 0 &&
         strcmp (or_empty (a->longitude), or_empty (b->longitude)) == 0;
}

gboolean
moisson_feed_mapping_is_empty (const MoissonFeedMapping *mapping)
{
  return moisson_feed_mapping_equal (mapping, NULL);
}
