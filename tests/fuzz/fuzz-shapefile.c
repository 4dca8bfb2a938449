/* fuzz-shapefile.c: the shapefile loader, from memory, on anything.
 *
 * An input is a shapefile packed in one buffer: three little-endian 32-bit
 * lengths (.shp, .shx, .cpg), then those files, then the .dbf (the rest).
 * Lengths that go past the end are cut. No .prj: it goes to PROJ, which is
 * not what is fuzzed here, and the coordinates are then read as longitudes
 * and latitudes.
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fuzz-common.h"
#include "moisson-departement.h"
#include "moisson-shapefile.h"

static GBytes *
take (const uint8_t **data,
      size_t         *size,
      size_t          wanted)
{
  size_t length = MIN (wanted, *size);
  GBytes *bytes = g_bytes_new_static (*data, length);

  *data += length;
  *size -= length;
  return bytes;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) departements = NULL;
  g_autoptr(GBytes) shp = NULL;
  g_autoptr(GBytes) shx = NULL;
  g_autoptr(GBytes) cpg = NULL;
  g_autoptr(GBytes) dbf = NULL;
  guint32 lengths[3];
  MoissonShapefileData files;

  if (size < sizeof lengths)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    lengths[i] = (guint32) data[4 * i] | (guint32) data[4 * i + 1] << 8 |
                 (guint32) data[4 * i + 2] << 16 | (guint32) data[4 * i + 3] << 24;
  data += sizeof lengths;
  size -= sizeof lengths;

  shp = take (&data, &size, lengths[0]);
  shx = take (&data, &size, lengths[1]);
  cpg = take (&data, &size, lengths[2]);
  dbf = take (&data, &size, size);
  files = (MoissonShapefileData) {
    shp, shx, dbf, g_bytes_get_size (cpg) > 0 ? cpg : NULL, NULL,
  };

  departements = moisson_shapefile_load_from_data ("fuzz", &files, NULL, warnings, &error);
  if (departements == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  g_assert_cmpuint (departements->len, >, 0);
  for (guint i = 0; i < departements->len; i++)
    {
      MoissonDepartement *departement = g_ptr_array_index (departements, i);
      const MoissonBBox *bbox = moisson_departement_get_bbox (departement);
      const char *name = moisson_departement_get_name (departement);

      g_assert_true (g_utf8_validate (moisson_departement_get_code (departement), -1, NULL));
      g_assert_true (name == NULL || g_utf8_validate (name, -1, NULL));
      g_assert_true (isfinite (bbox->min_x) && isfinite (bbox->max_y));
      g_assert_true (bbox->min_x <= bbox->max_x && bbox->min_y <= bbox->max_y);
    }
  for (guint i = 0; i < warnings->len; i++)
    g_assert_true (g_utf8_validate (g_ptr_array_index (warnings, i), -1, NULL));
  return 0;
}
