/* fuzz-feed.c: the feed parser, on anything. Built three times: as is; with
 * FUZZ_GEOJSON, where the input is the list of features of a GeoJSON
 * FeatureCollection, so that mutations stay on the GeoJSON side; and with
 * FUZZ_CSV, where input that JSON would read is left out, so that they stay
 * on the side of CSV tables.
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "moisson-atlas.h"
#include "moisson-feed.h"

/* The bundled boundaries, to place points and check codes as the app does. */
static MoissonAtlas *atlas;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *path = g_build_filename (MOISSON_SOURCE_DATADIR, "departements", "departements.shp", NULL);
  g_autoptr(GError) error = NULL;

  atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_assert_no_error (error);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(MoissonFeed) again = NULL;
  g_autofree char *report = NULL;
  g_autofree char *serialized = NULL;
  GPtrArray *initiatives;

#ifdef FUZZ_GEOJSON
  static const char head[] = "{\"type\":\"FeatureCollection\",\"features\":[";
  static const char tail[] = "]}";
  g_autoptr(GString) text = g_string_sized_new (size + sizeof head + sizeof tail);

  g_string_append (text, head);
  g_string_append_len (text, (const char *) data, size);
  g_string_append (text, tail);
  feed = moisson_feed_parse (text->str, text->len, atlas, &error);
#else
#ifdef FUZZ_CSV
  {
    size_t first = 0;

    while (first < size && g_ascii_isspace (data[first]))
      first++;
    if (first < size && (data[first] == '{' || data[first] == '['))
      return 0;
  }
#endif
  feed = moisson_feed_parse ((const char *) data, size, atlas, &error);
#endif
  if (feed == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);

  report = moisson_feed_report_json (feed);
  g_assert_true (g_utf8_validate (report, -1, NULL));

  /* What was loaded writes out as a feed that loads the same initiatives. */
  initiatives = moisson_feed_get_initiatives (feed);
  serialized = moisson_feed_serialize (initiatives, moisson_feed_get_fields (feed), moisson_feed_get_title (feed));
  again = moisson_feed_parse (serialized, -1, atlas, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (again)->len, ==, initiatives->len);
  for (guint i = 0; i < initiatives->len; i++)
    {
      const char *id = moisson_initiative_get_id (g_ptr_array_index (initiatives, i));

      if (id != NULL)
        g_assert_nonnull (moisson_feed_find_by_id (again, id));
    }
  return 0;
}
