/* moisson-file.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <png.h>
#include <unistd.h>

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      data += written;
      length -= written;
    }
  return TRUE;
}

/**
 * moisson_file_write_atomically:
 * @mode: permissions of the new file, before the umask
 * @error: on failure, a G_IO_ERROR whose message is only the system's
 *   reason ("Permission denied"), for the caller to put in its sentence
 *
 * Temporary file in the same directory, fsync, rename over the old file,
 * fsync the directory: after a crash at any moment the file is either the
 * old one or the new one, whole, and a failed write leaves no partial file.
 * The directory must exist.
 */
gboolean
moisson_file_write_atomically (const char  *path,
                               const void  *data,
                               gsize        length,
                               int          mode,
                               GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *temp = NULL;
  int fd, saved_errno, dir_fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (path);
  temp = g_strconcat (path, ".XXXXXX", NULL);
  errno = 0;
  fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, mode);
  if (fd < 0)
    goto failed;
  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (temp);
      errno = saved_errno;
      goto failed;
    }
  if (close (fd) != 0 || g_rename (temp, path) != 0)
    {
      saved_errno = errno;
      g_unlink (temp);
      errno = saved_errno;
      goto failed;
    }

  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;

failed:
  saved_errno = errno != 0 ? errno : EIO;
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
  return FALSE;
}

/**
 * moisson_same_file:
 * @a: (nullable): a path
 * @b: (nullable): another
 *
 * Returns: whether both name one file, however written ("data/../data/x",
 *   a relative path, a symbolic link)
 */
gboolean
moisson_same_file (const char *a,
                   const char *b)
{
  GStatBuf stat_a, stat_b;
  g_autofree char *canonical_a = NULL;
  g_autofree char *canonical_b = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  if (g_stat (a, &stat_a) == 0 && g_stat (b, &stat_b) == 0)
    return stat_a.st_dev == stat_b.st_dev && stat_a.st_ino == stat_b.st_ino;
  canonical_a = g_canonicalize_filename (a, NULL);
  canonical_b = g_canonicalize_filename (b, NULL);
  return g_str_equal (canonical_a, canonical_b);
}

/**
 * moisson_cairo_write_to_bytes:
 * @closure: a GByteArray
 *
 * A cairo_write_func_t that keeps what cairo writes (PNG, PDF, SVG) in
 * memory, for moisson_file_write_atomically ().
 */
cairo_status_t
moisson_cairo_write_to_bytes (void                *closure,
                              const unsigned char *data,
                              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
png_write_to_bytes (png_structp png,
                    png_bytep   data,
                    png_size_t  length)
{
  g_byte_array_append (png_get_io_ptr (png), data, length);
}

static void
png_flush_nothing (png_structp png)
{
  (void) png;
}

/**
 * moisson_png_encode:
 * @surface: a CAIRO_FORMAT_RGB24 image surface
 * @bytes: receives the PNG
 *
 * The same pixels as cairo_surface_write_to_png_stream () writes, about
 * four times faster and smaller for maps: zlib's fastest level without
 * row filters (flat areas and hard edges compress well as they are),
 * where cairo has no setting and uses libpng's slowest defaults.
 *
 * Returns: CAIRO_STATUS_SUCCESS, or why the image cannot be encoded
 */
cairo_status_t
moisson_png_encode (cairo_surface_t *surface,
                    GByteArray      *bytes)
{
  png_structp png;
  png_infop info;
  const guint8 *data;
  int width, height, stride;

  g_return_val_if_fail (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24,
                        CAIRO_STATUS_INVALID_FORMAT);

  cairo_surface_flush (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return cairo_surface_status (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  data = cairo_image_surface_get_data (surface);

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  if (png == NULL)
    return CAIRO_STATUS_NO_MEMORY;
  info = png_create_info_struct (png);
  if (info == NULL)
    {
      png_destroy_write_struct (&png, NULL);
      return CAIRO_STATUS_NO_MEMORY;
    }
  if (setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      return CAIRO_STATUS_WRITE_ERROR;
    }

  png_set_write_fn (png, bytes, png_write_to_bytes, png_flush_nothing);
  png_set_IHDR (png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level (png, 1);
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_write_info (png, info);
  /* Each pixel is a native-endian 32-bit xRGB word: drop the x, keep R, G, B. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  png_set_filler (png, 0, PNG_FILLER_AFTER);
  png_set_bgr (png);
#else
  png_set_filler (png, 0, PNG_FILLER_BEFORE);
#endif
  for (int y = 0; y < height; y++)
    png_write_row (png, (png_const_bytep) (data + (gsize) y * stride));
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);

  return CAIRO_STATUS_SUCCESS;
}
