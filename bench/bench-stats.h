/* bench-stats.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

static inline int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sorts the values (doubles) and returns their median, -1 for none. */
static inline double
bench_median (GArray *values)
{
  g_array_sort (values, bench_compare_doubles);
  return values->len > 0 ? g_array_index (values, double, values->len / 2) : -1;
}
