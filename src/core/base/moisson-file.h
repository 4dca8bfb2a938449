/* moisson-file.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* The most bytes read from a file a user names: a feed, as much as a
 * download may be, or a view file. */
#define MOISSON_FILE_MAX_SIZE ((gsize) 64 * 1024 * 1024)

gboolean moisson_file_get_contents     (const char  *path,
                                        gsize        max_size,
                                        char       **contents,
                                        gsize       *length,
                                        GError     **error);
gboolean moisson_file_write_atomically (const char  *path,
                                        const void  *data,
                                        gsize        length,
                                        int          mode,
                                        GError     **error);
gboolean moisson_same_file             (const char  *a,
                                        const char  *b);
cairo_status_t moisson_png_encode           (cairo_surface_t     *surface,
                                             GByteArray          *bytes);
cairo_status_t moisson_cairo_write_to_bytes (void                *closure,
                                             const unsigned char *data,
                                             unsigned int         length);

G_END_DECLS
