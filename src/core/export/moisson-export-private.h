/* moisson-export-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One CSV row as the initiatives' export writes it (RFC 4180 quoting, a
 * formula guard, CRLF): the directory of teams writes its table the same way. */
void _moisson_export_append_csv_row (GString            *csv,
                                     const char * const *values,
                                     guint               n_values);

G_END_DECLS
