/* moisson-file.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean moisson_file_write_atomically (const char  *path,
                                        const void  *data,
                                        gsize        length,
                                        int          mode,
                                        GError     **error);
gboolean moisson_same_file             (const char  *a,
                                        const char  *b);

G_END_DECLS
