/* moisson-file.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "moisson-threads-private.h"

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

/* @format names the file first, then gives @detail (if it has a second %s). */
static gboolean
set_file_error (GError     **error,
                GIOErrorEnum code,
                const char  *format,
                const char  *path,
                const char  *detail)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, code, format, name, detail);
  return FALSE;
}

static gboolean
set_not_regular (const char  *path,
                 mode_t       mode,
                 GError     **error)
{
  if (S_ISDIR (mode))
    return set_file_error (error, G_IO_ERROR_IS_DIRECTORY, _("“%s” is a folder, not a file."), path, NULL);
  return set_file_error (error, G_IO_ERROR_NOT_REGULAR_FILE, _("“%s” is a device or a pipe, not a regular file."),
                         path, NULL);
}

/**
 * moisson_file_get_contents:
 * @path: a file a user named
 * @max_size: the most bytes to read
 * @contents: (out): the bytes read, followed by a NUL
 * @length: (out) (optional): their number
 * @error: a G_IO_ERROR whose message names the file: NOT_REGULAR_FILE,
 *   IS_DIRECTORY, MESSAGE_TOO_LARGE over @max_size, or the system's
 *
 * g_file_get_contents () for what users name: only a regular file is read,
 * and only up to @max_size. A pipe nobody writes to would block for ever,
 * and /dev/zero would be read until memory runs out.
 */
gboolean
moisson_file_get_contents (const char  *path,
                           gsize        max_size,
                           char       **contents,
                           gsize       *length,
                           GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *size = NULL;
  gsize done = 0, capacity;
  struct stat info;
  int fd, saved_errno;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (max_size < G_MAXSIZE - 1, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Not even opened: opening a device can do something of its own. */
  if (g_stat (path, &info) == 0 && !S_ISREG (info.st_mode))
    return set_not_regular (path, info.st_mode, error);
  /* Non-blocking in case a pipe took the file's place since. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    return set_file_error (error, g_io_error_from_errno (errno), _("“%s” cannot be opened: %s"), path,
                           g_strerror (errno));
  if (fstat (fd, &info) != 0)
    goto failed;
  if (!S_ISREG (info.st_mode))
    {
      close (fd);
      return set_not_regular (path, info.st_mode, error);
    }
  if ((guint64) info.st_size > max_size)
    goto too_large;

  /* One byte more than the limit allows tells a file that grew past it. */
  capacity = MIN ((gsize) info.st_size, max_size) + 1;
  data = g_malloc (capacity + 1);
  for (;;)
    {
      gssize n = read (fd, data + done, capacity - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto failed;
      if (n == 0)
        break;
      done += (gsize) n;
      if (done > max_size)
        goto too_large;
      if (done == capacity)
        {
          capacity = MIN (capacity * 2, max_size + 1);
          data = g_realloc (data, capacity + 1);
        }
    }
  close (fd);

  data[done] = '\0';
  *contents = g_steal_pointer (&data);
  if (length != NULL)
    *length = done;
  return TRUE;

failed:
  saved_errno = errno;
  close (fd);
  return set_file_error (error, g_io_error_from_errno (saved_errno), _("“%s” cannot be read: %s"), path,
                         g_strerror (saved_errno));

too_large:
  close (fd);
  size = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);
  return set_file_error (error, G_IO_ERROR_MESSAGE_TOO_LARGE, _("“%s” is larger than %s."), path, size);
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

/* Rows of an image, deflated on their own into one part of a zlib
 * stream: the parts of several threads follow each other in the file. */
typedef struct
{
  const guint8 *data;     /* the first row, CAIRO_FORMAT_RGB24 */
  int stride;
  int width;
  int n_rows;
  gboolean last;          /* ends the stream; the others end on a full flush */
  GByteArray *deflated;
  uLong adler;            /* of the rows as PNG lays them out */
  gsize length;           /* their length */
  gboolean ok;
} PngPart;

/* Rows converted and deflated at a time. */
#define PNG_ROWS_AT_ONCE 16

static gboolean
deflate_out (z_stream   *stream,
             GByteArray *deflated,
             int         flush)
{
  guint8 chunk[64 * 1024];
  int status;

  do
    {
      stream->next_out = chunk;
      stream->avail_out = sizeof chunk;
      status = deflate (stream, flush);
      if (status == Z_STREAM_ERROR)
        return FALSE;
      g_byte_array_append (deflated, chunk, sizeof chunk - stream->avail_out);
    }
  while (stream->avail_out == 0);
  return flush != Z_FINISH || status == Z_STREAM_END;
}

static void
deflate_part (PngPart *part)
{
  gsize row_length = 1 + 3 * (gsize) part->width;
  g_autofree guint8 *rows = g_malloc (row_length * PNG_ROWS_AT_ONCE);
  z_stream stream = { 0 };

  part->adler = adler32 (0, NULL, 0);
  part->length = 0;
  part->ok = FALSE;
  /* zlib's fastest level on raw deflate, its header and check written
   * once for all parts: flat areas and hard edges compress well as they
   * are, without PNG's row filters. */
  if (deflateInit2 (&stream, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return;
  for (int y = 0; y < part->n_rows; y += PNG_ROWS_AT_ONCE)
    {
      int n = MIN (PNG_ROWS_AT_ONCE, part->n_rows - y);
      guint8 *out = rows;

      for (int r = 0; r < n; r++)
        {
          const guint8 *in = part->data + (gsize) (y + r) * part->stride;

          /* Filter type 0, then R, G, B from each native-endian xRGB word. */
          *out++ = 0;
          for (int x = 0; x < part->width; x++)
            {
              guint32 pixel;

              memcpy (&pixel, in + 4 * x, sizeof pixel);
              *out++ = pixel >> 16;
              *out++ = pixel >> 8;
              *out++ = pixel;
            }
        }
      part->adler = adler32_z (part->adler, rows, out - rows);
      part->length += out - rows;
      stream.next_in = rows;
      stream.avail_in = out - rows;
      if (!deflate_out (&stream, part->deflated, Z_NO_FLUSH))
        {
          deflateEnd (&stream);
          return;
        }
    }
  part->ok = deflate_out (&stream, part->deflated, part->last ? Z_FINISH : Z_FULL_FLUSH);
  deflateEnd (&stream);
}

static gpointer
deflate_part_in_thread (gpointer data)
{
  deflate_part (data);
  return NULL;
}

static void
append_be32 (GByteArray *bytes,
             guint32     value)
{
  guint32 be = GUINT32_TO_BE (value);

  g_byte_array_append (bytes, (const guint8 *) &be, 4);
}

/* A PNG chunk: length, type, then @n_pieces pieces of data, and the CRC
 * of the type and data. */
static void
append_chunk (GByteArray    *png,
              const char    *type,
              const guint8 **pieces,
              const gsize   *lengths,
              guint          n_pieces)
{
  gsize length = 0;
  uLong crc = crc32 (0, (const guint8 *) type, 4);

  for (guint i = 0; i < n_pieces; i++)
    length += lengths[i];
  append_be32 (png, (guint32) length);
  g_byte_array_append (png, (const guint8 *) type, 4);
  for (guint i = 0; i < n_pieces; i++)
    {
      g_byte_array_append (png, pieces[i], lengths[i]);
      crc = crc32_z (crc, pieces[i], lengths[i]);
    }
  append_be32 (png, (guint32) crc);
}

/* Below this many rows a part, a thread costs more than it saves. */
#define PNG_MIN_ROWS_A_PART 128

/**
 * moisson_png_encode:
 * @surface: a CAIRO_FORMAT_RGB24 image surface
 * @bytes: receives the PNG
 *
 * The same pixels as cairo_surface_write_to_png_stream () writes, several
 * times faster and smaller for maps: zlib's fastest level without row
 * filters, where cairo has no setting and uses libpng's slowest defaults,
 * and the rows deflated in parts over the processors.
 *
 * Returns: CAIRO_STATUS_SUCCESS, or why the image cannot be encoded
 */
cairo_status_t
moisson_png_encode (cairo_surface_t *surface,
                    GByteArray      *bytes)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  /* Deflate with a 32 KiB window, fastest level; a multiple of 31. */
  static const guint8 zlib_header[] = { 0x78, 0x01 };
  guint8 header[13];
  guint32 be;
  PngPart parts[8];
  GThread *threads[G_N_ELEMENTS (parts)] = { NULL };
  const guint8 *pieces[G_N_ELEMENTS (parts) + 2];
  gsize lengths[G_N_ELEMENTS (parts) + 2];
  guint8 check[4];
  uLong adler;
  int width, height, n_parts, row = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24,
                        CAIRO_STATUS_INVALID_FORMAT);

  cairo_surface_flush (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return cairo_surface_status (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);

  n_parts = CLAMP (height / PNG_MIN_ROWS_A_PART, 1, (int) MIN (_moisson_get_n_threads (), G_N_ELEMENTS (parts)));
  for (int i = 0; i < n_parts; i++)
    {
      int n_rows = height / n_parts + (i < height % n_parts);

      parts[i] = (PngPart) {
        .data = cairo_image_surface_get_data (surface) + (gsize) row * cairo_image_surface_get_stride (surface),
        .stride = cairo_image_surface_get_stride (surface),
        .width = width,
        .n_rows = n_rows,
        .last = i == n_parts - 1,
        .deflated = g_byte_array_new (),
      };
      row += n_rows;
      if (i > 0)
        threads[i] = g_thread_new ("moisson-png", deflate_part_in_thread, &parts[i]);
    }
  deflate_part (&parts[0]);
  adler = parts[0].adler;
  for (int i = 0; i < n_parts; i++)
    {
      if (threads[i] != NULL)
        g_thread_join (threads[i]);
      ok = ok && parts[i].ok;
      if (i > 0)
        adler = adler32_combine (adler, parts[i].adler, (z_off_t) parts[i].length);
    }

  if (ok)
    {
      be = GUINT32_TO_BE (width);
      memcpy (header, &be, 4);
      be = GUINT32_TO_BE (height);
      memcpy (header + 4, &be, 4);
      /* 8 bits a channel, RGB, deflate, no filter set, not interlaced. */
      memcpy (header + 8, "\x08\x02\x00\x00\x00", 5);
      be = GUINT32_TO_BE ((guint32) adler);
      memcpy (check, &be, 4);

      g_byte_array_append (bytes, signature, sizeof signature);
      append_chunk (bytes, "IHDR", (const guint8 *[]) { header }, (gsize[]) { sizeof header }, 1);
      pieces[0] = zlib_header;
      lengths[0] = sizeof zlib_header;
      for (int i = 0; i < n_parts; i++)
        {
          pieces[i + 1] = parts[i].deflated->data;
          lengths[i + 1] = parts[i].deflated->len;
        }
      pieces[n_parts + 1] = check;
      lengths[n_parts + 1] = sizeof check;
      append_chunk (bytes, "IDAT", pieces, lengths, n_parts + 2);
      append_chunk (bytes, "IEND", NULL, NULL, 0);
    }

  for (int i = 0; i < n_parts; i++)
    g_byte_array_unref (parts[i].deflated);
  return ok ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_NO_MEMORY;
}
