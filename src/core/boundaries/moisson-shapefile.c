/* moisson-shapefile.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-shapefile.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>
#include <shapefil.h>
#include <string.h>

#include "moisson-cleanups-private.h"
#include "moisson-departement-private.h"
#include "moisson-file.h"
#include "moisson-geometry-private.h"
#include "moisson-insee.h"
#include "moisson-projection.h"
#include "moisson-threads-private.h"

/* Field names seen in French boundary files (IGN ADMIN EXPRESS, INSEE,
 * data.gouv.fr, Natural Earth exports), compared without case. DBF names
 * are cut at 10 characters, hence "departemen". */
static const char * const code_field_names[] = {
  "code", "insee_dep", "code_dep", "code_dept", "code_depar", "cod_dep", "dep", "dept",
  "num_dep", "departemen", "code_insee", "insee", "insee_com", "code_com", NULL
};
static const char * const name_field_names[] = {
  "nom", "nom_dep", "nom_dept", "nom_depart", "lib_dep", "libelle", "name", "nom_com",
  "nom_m", NULL
};
static const char * const region_field_names[] = {
  "code_reg", "insee_reg", "reg", "code_regio", "region_cod", NULL
};
static const char * const region_name_field_names[] = {
  "nom_reg", "nom_region", "lib_reg", "region_nam", NULL
};

G_DEFINE_QUARK (moisson-shapefile-error-quark, moisson_shapefile_error)

/* A .prj holds one coordinate system, a few hundred bytes of WKT: a file
 * much larger is not one, and is not read into memory. */
#define MAX_PRJ_SIZE (64 * 1024)

/* shapelib reports problems through a global hook without user data. */
static _Thread_local char last_shapelib_error[256];

static void
record_shapelib_error (const char *message)
{
  g_strlcpy (last_shapelib_error, message, sizeof last_shapelib_error);
}

/* A file shapelib reads, on disk or in memory: the bytes from
 * @buffer_start on, @buffer_length of them, are at @buffer. A file in
 * memory is all there. A file on disk is read into @own_buffer 64 KiB at a
 * time: shapelib seeks before every record, and stdio would answer each
 * seek with a system call and often a fresh read (70,000 seeks and 10,000
 * reads for the communes); here a seek only moves an offset. */
#define READ_BUFFER_SIZE (64 * 1024)

typedef struct
{
  int fd;                 /* -1 in memory */
  guint64 size;
  guint64 offset;
  guint64 buffer_start;
  gsize buffer_length;
  const guint8 *buffer;
  guint8 own_buffer[];    /* READ_BUFFER_SIZE bytes, on disk only */
} ReadFile;

/* The loader only reads. */
static gboolean
is_read_only (const char *access)
{
  return strchr (access, 'r') != NULL && strchr (access, '+') == NULL && strchr (access, 'w') == NULL;
}

static SAFile
disk_open (const char *filename,
           const char *access)
{
  ReadFile *file;
  struct stat info;
  int fd;

  if (!is_read_only (access))
    return NULL;
  /* Only regular files: opening a pipe nobody writes to (a .cpg, which
   * shapelib opens on its own) would block for ever. */
  fd = g_open (filename, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    return NULL;
  if (fstat (fd, &info) != 0 || !S_ISREG (info.st_mode))
    {
      int saved = S_ISREG (info.st_mode) ? errno : EINVAL;

      close (fd);
      errno = saved;
      return NULL;
    }
  file = g_malloc (sizeof (ReadFile) + READ_BUFFER_SIZE);
  file->fd = fd;
  file->size = (guint64) info.st_size;
  file->offset = 0;
  file->buffer_start = 0;
  file->buffer_length = 0;
  file->buffer = file->own_buffer;
  return (SAFile) file;
}

/* Reads @length bytes at @offset into @into; returns how many came. */
static gsize
disk_pread (ReadFile *file,
            guint8   *into,
            gsize     length,
            guint64   offset)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = pread (file->fd, into + done, length - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  return done;
}

/* Whole items only, as many as the file still holds. */
static SAOffset
file_read (void     *buffer,
           SAOffset  size,
           SAOffset  count,
           SAFile    handle)
{
  ReadFile *file = (ReadFile *) handle;
  guint8 *into = buffer;
  gsize wanted, done = 0;

  if (size == 0 || count == 0 || file->offset >= file->size)
    return 0;
  wanted = MIN ((guint64) count, (file->size - file->offset) / size) * size;
  while (done < wanted)
    {
      guint64 at = file->offset + done;
      gsize n;

      if (at >= file->buffer_start && at < file->buffer_start + file->buffer_length)
        {
          n = MIN (wanted - done, file->buffer_start + file->buffer_length - at);
          memcpy (into + done, file->buffer + (at - file->buffer_start), n);
        }
      else if (file->fd < 0)
        break;
      else if (wanted - done >= READ_BUFFER_SIZE)
        {
          n = disk_pread (file, into + done, wanted - done, at);
          if (n == 0)
            break;
        }
      else
        {
          file->buffer_start = at;
          file->buffer_length = disk_pread (file, file->own_buffer, READ_BUFFER_SIZE, at);
          if (file->buffer_length == 0)
            break;
          continue;
        }
      done += n;
    }
  done -= done % size;
  file->offset += done;
  return done / size;
}

static SAOffset
file_write (void     *buffer,
            SAOffset  size,
            SAOffset  count,
            SAFile    handle)
{
  return 0;
}

static SAOffset
file_seek (SAFile   handle,
           SAOffset offset,
           int      whence)
{
  ReadFile *file = (ReadFile *) handle;
  gint64 base;

  switch (whence)
    {
    case SEEK_SET:
      base = 0;
      break;
    case SEEK_CUR:
      base = (gint64) file->offset;
      break;
    case SEEK_END:
      base = (gint64) file->size;
      break;
    default:
      return (SAOffset) -1;
    }
  if (base + (gint64) offset < 0)
    return (SAOffset) -1;
  file->offset = (guint64) (base + (gint64) offset);
  return 0;
}

static SAOffset
file_tell (SAFile handle)
{
  return (SAOffset) ((ReadFile *) handle)->offset;
}

static int
file_flush (SAFile handle)
{
  return 0;
}

static int
file_close (SAFile handle)
{
  ReadFile *file = (ReadFile *) handle;
  int result = file->fd >= 0 ? close (file->fd) : 0;

  g_free (file);
  return result;
}

static void
setup_hooks (SAHooks *hooks)
{
  SASetupDefaultHooks (hooks);
  hooks->FOpen = disk_open;
  hooks->FRead = file_read;
  hooks->FWrite = file_write;
  hooks->FSeek = file_seek;
  hooks->FTell = file_tell;
  hooks->FFlush = file_flush;
  hooks->FClose = file_close;
  hooks->Error = record_shapelib_error;
  last_shapelib_error[0] = '\0';
}

/* "dir/name.shp" → "dir/name", and the companion that exists, in either
 * case. With @not_regular, one that is no regular file (a pipe, a device)
 * is returned too, for the caller to refuse, and *@not_regular tells it. */
static char *
find_companion (const char *base,
                const char *extension,
                gboolean   *not_regular)
{
  g_autofree char *lower = g_strconcat (base, ".", extension, NULL);
  g_autofree char *upper_ext = g_ascii_strup (extension, -1);
  g_autofree char *upper = g_strconcat (base, ".", upper_ext, NULL);

  if (g_file_test (lower, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&lower);
  if (g_file_test (upper, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&upper);
  if (not_regular == NULL)
    return NULL;
  *not_regular = TRUE;
  if (g_file_test (lower, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&lower);
  if (g_file_test (upper, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&upper);
  *not_regular = FALSE;
  return NULL;
}

static char *
strip_extension (const char *path)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, G_DIR_SEPARATOR);

  if (dot != NULL && (slash == NULL || dot > slash) && g_ascii_strcasecmp (dot, ".shp") == 0)
    return g_strndup (path, dot - path);
  return g_strdup (path);
}

static gboolean
check_companions (const char  *base,
                  GError     **error)
{
  static const struct
  {
    const char *extension;
    const char *why;
  } required[] = {
    { "shp", N_("the geometry") },
    { "shx", N_("the index of the geometry") },
    { "dbf", N_("the names and codes") },
  };
  g_autofree char *basename = g_path_get_basename (base);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      gboolean not_regular = FALSE;
      g_autofree char *found = find_companion (base, required[i].extension, &not_regular);

      if (not_regular)
        {
          g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_MISSING_FILE,
                       _("“%s.%s” is a device, a pipe or a folder, not a regular file. A shapefile needs it for %s."),
                       basename, required[i].extension, _(required[i].why));
          return FALSE;
        }
      if (found == NULL)
        {
          g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_MISSING_FILE,
                       _("The file “%s.%s” is missing. A shapefile needs it for %s."),
                       basename, required[i].extension, _(required[i].why));
          return FALSE;
        }
    }

  return TRUE;
}

/* Maps what a .cpg file or the DBF language byte says to an iconv name;
 * NULL means "unknown, guess". */
static const char *
charset_from_code_page (const char *code_page)
{
  g_autofree char *upper = NULL;

  if (code_page == NULL)
    return NULL;
  upper = g_ascii_strup (code_page, -1);
  g_strstrip (upper);

  if (strstr (upper, "UTF-8") || strstr (upper, "UTF8") || strcmp (upper, "65001") == 0)
    return "UTF-8";
  /* LDID/87 means "the writer's ANSI code page": unknown, so guessed. */
  if (strstr (upper, "1252") || strcmp (upper, "LDID/3") == 0)
    return "WINDOWS-1252";
  if (strstr (upper, "8859-15") || strstr (upper, "885915") || strstr (upper, "8859_15"))
    return "ISO-8859-15";
  if (strstr (upper, "8859") || strstr (upper, "LATIN1") || strcmp (upper, "28591") == 0)
    return "ISO-8859-1";
  if (strcmp (upper, "LDID/1") == 0 || strcmp (upper, "437") == 0)
    return "CP437";
  if (strcmp (upper, "LDID/2") == 0 || strcmp (upper, "850") == 0)
    return "CP850";
  return NULL;
}

/* Always returns valid UTF-8: the declared encoding first, then UTF-8,
 * then Windows-1252, which every byte sequence decodes from. */
static char *
decode_text (const char *raw,
             const char *charset)
{
  char *converted;

  if (raw == NULL)
    return g_strdup ("");
  if (charset != NULL && strcmp (charset, "UTF-8") != 0)
    {
      converted = g_convert (raw, -1, "UTF-8", charset, NULL, NULL, NULL);
      if (converted != NULL)
        return converted;
    }
  if (g_utf8_validate (raw, -1, NULL))
    return g_strdup (raw);
  converted = g_convert (raw, -1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  if (converted != NULL)
    return converted;
  return g_utf8_make_valid (raw, -1);
}

static int
find_field (DBFHandle                dbf,
            const char              *wanted,
            const char * const      *candidates)
{
  int n_fields = DBFGetFieldCount (dbf);

  if (wanted != NULL)
    {
      for (int i = 0; i < n_fields; i++)
        {
          char name[XBASE_FLDNAME_LEN_READ + 1] = "";

          DBFGetFieldInfo (dbf, i, name, NULL, NULL);
          if (g_ascii_strcasecmp (name, wanted) == 0)
            return i;
        }
      return -1;
    }

  for (guint c = 0; candidates[c] != NULL; c++)
    for (int i = 0; i < n_fields; i++)
      {
        char name[XBASE_FLDNAME_LEN_READ + 1] = "";

        DBFGetFieldInfo (dbf, i, name, NULL, NULL);
        if (g_ascii_strcasecmp (name, candidates[c]) == 0)
          return i;
      }

  return -1;
}

/* Last resort for unknown schemas: a field whose first values all read as
 * département codes. */
static int
guess_code_field (DBFHandle dbf)
{
  int n_fields = DBFGetFieldCount (dbf);
  int n_records = MIN (DBFGetRecordCount (dbf), 50);

  for (int i = 0; i < n_fields && n_records > 0; i++)
    {
      gboolean all_codes = TRUE;

      for (int r = 0; r < n_records && all_codes; r++)
        {
          const char *value = DBFReadStringAttribute (dbf, r, i);
          g_autofree char *code = value != NULL ? moisson_insee_normalize_code (value) : NULL;

          all_codes = code != NULL && moisson_insee_is_departement_code (code);
        }
      if (all_codes)
        return i;
    }

  return -1;
}

static char *
list_fields (DBFHandle dbf)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (int i = 0; i < DBFGetFieldCount (dbf); i++)
    {
      char name[XBASE_FLDNAME_LEN_READ + 1] = "";
      g_autofree char *text = NULL;

      DBFGetFieldInfo (dbf, i, name, NULL, NULL);
      /* Names are bytes of the file, shown in a message: make them text. */
      text = decode_text (name, NULL);
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, text);
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static char *
read_string (DBFHandle   dbf,
             int         record,
             int         field,
             const char *charset)
{
  g_autofree char *text = NULL;

  if (field < 0)
    return NULL;
  /* An empty text field is what shapelib calls NULL, and comes back empty
   * below: asking would read the field twice. */
  if (DBFGetFieldInfo (dbf, field, NULL, NULL, NULL) != FTString && DBFIsAttributeNULL (dbf, record, field))
    return NULL;
  /* shapelib reuses its buffer: copy before the next read. */
  text = decode_text (DBFReadStringAttribute (dbf, record, field), charset);
  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static char *
read_code (DBFHandle   dbf,
           int         record,
           int         field,
           const char *charset)
{
  DBFFieldType type = DBFGetFieldInfo (dbf, field, NULL, NULL, NULL);
  char *text;

  /* Numeric fields come back as "1" or "1.000000" for département 01. */
  if (type == FTDouble || type == FTInteger)
    {
      double value = DBFReadDoubleAttribute (dbf, record, field);

      if (DBFIsAttributeNULL (dbf, record, field) || !isfinite (value) || value < 0 || value > 1e9)
        return NULL;
      text = g_strdup_printf ("%.0f", value);
    }
  else
    text = read_string (dbf, record, field, charset);

  return text != NULL ? moisson_insee_normalize_code_take (text) : NULL;
}

static MoissonPolygon *
polygon_from_shape (SHPObject         *shape,
                    MoissonPointSlab **slab)
{
  guint n_rings = MAX (shape->nParts, 1);
  MoissonPoint *points;
  /* Straight into the polygon's place in the slab, not copied again. */
  g_autoptr(MoissonPolygon) polygon = _moisson_polygon_new_in_slab (slab, shape->nVertices, n_rings, &points);
  /* On the stack for all but the few shapes of many parts. */
  guint few_starts[32];
  g_autofree guint *many_starts = n_rings > G_N_ELEMENTS (few_starts) ? g_new (guint, n_rings) : NULL;
  guint *ring_starts = many_starts != NULL ? many_starts : few_starts;

  for (int i = 0; i < shape->nVertices; i++)
    {
      if (!isfinite (shape->padfX[i]) || !isfinite (shape->padfY[i]))
        return NULL;
      points[i].x = shape->padfX[i];
      points[i].y = shape->padfY[i];
    }

  /* shapelib has already checked that part starts lie inside the vertices. */
  ring_starts[0] = 0;
  for (int p = 0; p < shape->nParts; p++)
    ring_starts[p] = (guint) shape->panPartStart[p];

  if (!_moisson_polygon_set_ring_starts (polygon, ring_starts))
    return NULL;
  return g_steal_pointer (&polygon);
}

/* What brings the file's coordinates to longitude and latitude, from
 * @wkt, what the .prj holds (NULL without one; @prj_error why it could
 * not be read). *@to_lonlat is left NULL when they already are. */
static gboolean
prepare_lonlat (const char          *basename,
                const char          *wkt,
                const GError        *prj_error,
                MoissonProjection  **to_lonlat,
                GError             **error)
{
  g_autoptr(MoissonProjection) projection = NULL;
  g_autoptr(GError) local_error = prj_error != NULL ? g_error_copy (prj_error) : NULL;

  *to_lonlat = NULL;
  if (wkt == NULL && prj_error == NULL)
    return TRUE;
  if (local_error != NULL ||
      !g_utf8_validate (wkt, -1, NULL) ||
      (projection = moisson_projection_new (wkt, MOISSON_CRS_WGS84, &local_error)) == NULL)
    {
      g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_PROJECTION,
                   _("The coordinate system in “%s.prj” cannot be read: %s"),
                   basename, local_error != NULL ? local_error->message : _("not text"));
      return FALSE;
    }
  if (!moisson_projection_is_identity (projection))
    *to_lonlat = g_steal_pointer (&projection);
  return TRUE;
}

/* Brings @polygon, of the département @code, to longitude and latitude
 * with @to_lonlat; without a .prj (@has_prj false), checks it already is. */
static gboolean
polygon_to_lonlat (MoissonPolygon     *polygon,
                   const char         *code,
                   const char         *basename,
                   gboolean            has_prj,
                   MoissonProjection  *to_lonlat,
                   GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!has_prj)
    {
      /* No .prj: plain longitudes and latitudes are the only safe guess. */
      const MoissonBBox *bbox = moisson_polygon_get_bbox (polygon);

      if (bbox->min_x < -180.0 || bbox->max_x > 180.0 || bbox->min_y < -90.0 || bbox->max_y > 90.0)
        {
          g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_PROJECTION,
                       _("“%s.prj” is missing and the coordinates are not longitudes and latitudes, "
                         "so the coordinate system is unknown. Add the .prj file that came with the data."),
                       basename);
          return FALSE;
        }
      return TRUE;
    }
  if (to_lonlat == NULL)
    return TRUE;

  if (!moisson_projection_transform (to_lonlat, _moisson_polygon_get_points_mutable (polygon),
                                     moisson_polygon_get_n_points (polygon), &local_error))
    {
      g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_PROJECTION,
                   _("The shapes of %s do not fit the coordinate system of “%s.prj” (%s): %s"),
                   code, basename, moisson_projection_get_source_name (to_lonlat), local_error->message);
      return FALSE;
    }
  _moisson_polygon_update_bounds (polygon);
  return TRUE;
}

/* Through @hooks, so that files on disk and in memory take one path. */
static gboolean
get_file_size (SAHooks    *hooks,
               const char *path,
               guint64    *size)
{
  SAFile file = hooks->FOpen (path, "rb");
  gboolean ok;

  if (file == NULL)
    return FALSE;
  ok = hooks->FSeek (file, 0, SEEK_END) == 0;
  *size = hooks->FTell (file);
  hooks->FClose (file);
  return ok;
}

/* Why shapelib could not open @path: its own message, or whether the file
 * opens at all. errno alone is no reason: shapelib refuses a short header
 * without setting it, and it then holds whatever an earlier call left
 * (0, "Success", or ENOENT from the .cpg it looked for). */
static char *
dup_open_failure (SAHooks    *hooks,
                  const char *path)
{
  SAFile file;

  if (last_shapelib_error[0] != '\0')
    return g_strdup (last_shapelib_error);
  errno = 0;
  file = hooks->FOpen (path, "rb");
  if (file == NULL)
    return g_strdup (errno != 0 ? g_strerror (errno) : _("it cannot be opened"));
  hooks->FClose (file);
  return g_strdup (_("its header is damaged or cut short"));
}

/* shapelib 1.5's hooks carry no user data: the files being read are those
 * of the one load running in this thread. */
static _Thread_local const MoissonShapefileData *memory_files;

/* What the threads reading one file share. */
typedef struct
{
  SAHooks *hooks;
  const char *base;
  const char *dbf_path;
  const char *basename;
  const char *wkt;
  const GError *prj_error;
  const MoissonShapefileData *memory;   /* the files, when in memory */
  int n_shapes;
  int code_field, name_field, region_field, region_name_field;
  const char *charset;
  MoissonShapefileProgressFunc progress;
  gpointer progress_data;
  MoissonShapefileReadFunc read_func;
  gpointer read_data;
  gint n_read;          /* atomic: records read by every thread */
  gint first_failed;    /* atomic: the first record that failed, or n_shapes */
} Load;

/* The records @first to @end of the file, as one thread reads them. */
typedef struct
{
  Load *load;
  guint worker;
  int first;
  int end;
  SHPHandle shp;
  DBFHandle dbf;
  gboolean own_handles;
  GPtrArray *departements;
  GPtrArray *warnings;
  GHashTable *seen_codes;   /* code → record number, from 1 */
  MoissonPointSlab *slab;
  MoissonProjection *to_lonlat;
  int failed;               /* the record that failed, or -1 */
  GError *error;
} Part;

static void
part_clear (Part *part)
{
  if (part->own_handles)
    {
      g_clear_pointer (&part->shp, SHPClose);
      g_clear_pointer (&part->dbf, DBFClose);
    }
  g_clear_pointer (&part->departements, g_ptr_array_unref);
  g_clear_pointer (&part->warnings, g_ptr_array_unref);
  g_clear_pointer (&part->seen_codes, g_hash_table_unref);
  g_clear_pointer (&part->slab, _moisson_point_slab_unref);
  g_clear_pointer (&part->to_lonlat, moisson_projection_free);
  g_clear_error (&part->error);
}

static void
part_fail (Part   *part,
           int     record,
           GError *error)
{
  gint first;

  part->failed = record;
  part->error = error;
  /* The threads reading later records can stop. */
  do
    first = g_atomic_int_get (&part->load->first_failed);
  while (record < first && !g_atomic_int_compare_and_exchange (&part->load->first_failed, first, record));
}

static GError *
duplicate_error (const char *code,
                 const char *basename,
                 int         first_record,
                 int         second_record)
{
  return g_error_new (MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_DUPLICATE_CODE,
                      _("The code “%s” appears twice in “%s.dbf” (records %d and %d): each département must appear once."),
                      code, basename, first_record, second_record);
}

/* Reads record @i into @part; FALSE when the load must stop there. */
static gboolean
read_record (Part *part,
             int   i)
{
  const Load *load = part->load;
  g_autoptr(SHPObject) shape = NULL;
  g_autoptr(MoissonPolygon) polygon = NULL;
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  char *region_code, *region_name;
  MoissonDepartementStrings static_strings = 0;
  MoissonDepartement *departement;
  gpointer previous;
  GError *error = NULL;

  last_shapelib_error[0] = '\0';
  shape = SHPReadObject (part->shp, i);
  if (shape == NULL)
    {
      part_fail (part, i, g_error_new (MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_CORRUPT,
                                       _("Shape %d of %d in “%s.shp” cannot be read: the file is damaged or cut short."),
                                       i + 1, load->n_shapes, load->basename));
      return FALSE;
    }

  code = read_code (part->dbf, i, load->code_field, load->charset);
  if (shape->nSHPType != SHPT_NULL && shape->nSHPType != SHPT_POLYGON &&
      shape->nSHPType != SHPT_POLYGONZ && shape->nSHPType != SHPT_POLYGONM)
    {
      part_fail (part, i, g_error_new (MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_NOT_POLYGONS,
                                       _("Shape %d (%s) in “%s.shp” is %s, not a polygon."),
                                       i + 1, code ? code : "?", load->basename, SHPTypeName (shape->nSHPType)));
      return FALSE;
    }
  if (shape->nSHPType == SHPT_NULL || shape->nVertices < 3)
    {
      g_ptr_array_add (part->warnings, g_strdup_printf (_("Record %d (%s) has no shape and was skipped."),
                                                        i + 1, code ? code : "?"));
      return TRUE;
    }
  if (code == NULL)
    {
      g_ptr_array_add (part->warnings, g_strdup_printf (_("Record %d has no code and was skipped."), i + 1));
      return TRUE;
    }
  if (g_hash_table_lookup_extended (part->seen_codes, code, NULL, &previous))
    {
      part_fail (part, i, duplicate_error (code, load->basename, GPOINTER_TO_INT (previous), i + 1));
      return FALSE;
    }
  polygon = polygon_from_shape (shape, &part->slab);
  if (polygon == NULL)
    {
      part_fail (part, i, g_error_new (MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_CORRUPT,
                                       _("Shape %d (%s) in “%s.shp” has invalid coordinates."),
                                       i + 1, code, load->basename));
      return FALSE;
    }
  if (!polygon_to_lonlat (polygon, code, load->basename, load->wkt != NULL || load->prj_error != NULL,
                          part->to_lonlat, &error))
    {
      part_fail (part, i, error);
      return FALSE;
    }

  name = read_string (part->dbf, i, load->name_field, load->charset);
  /* The file's, or INSEE's, kept as they are in its table: thousands of
   * communes share a few régions. */
  if (load->region_field >= 0)
    region_code = read_code (part->dbf, i, load->region_field, load->charset);
  else
    {
      region_code = (char *) moisson_insee_get_region_code (moisson_insee_get_departement_of (code));
      static_strings |= MOISSON_DEPARTEMENT_STATIC_REGION_CODE;
    }
  region_name = read_string (part->dbf, i, load->region_name_field, load->charset);
  if (region_name == NULL)
    {
      region_name = (char *) moisson_insee_get_region_name (region_code);
      static_strings |= MOISSON_DEPARTEMENT_STATIC_REGION_NAME;
    }

  departement = _moisson_departement_new_take (g_steal_pointer (&code), g_steal_pointer (&name),
                                               region_code, region_name, static_strings, polygon);
  g_ptr_array_add (part->departements, departement);
  g_hash_table_insert (part->seen_codes, (gpointer) moisson_departement_get_code (departement), GINT_TO_POINTER (i + 1));
  if (load->read_func != NULL && !load->read_func (departement, part->worker, load->read_data, &error))
    {
      part_fail (part, i, error);
      return FALSE;
    }
  return TRUE;
}

static void
read_part (Part *part)
{
  Load *load = part->load;
  GError *error = NULL;

  part->failed = -1;
  part->departements = g_ptr_array_new_full (part->end - part->first, g_object_unref);
  part->warnings = g_ptr_array_new_with_free_func (g_free);
  /* Keyed by the départements' own codes: the table goes first. */
  part->seen_codes = g_hash_table_new (g_str_hash, g_str_equal);
  if (!prepare_lonlat (load->basename, load->wkt, load->prj_error, &part->to_lonlat, &error))
    {
      part_fail (part, part->first, error);
      return;
    }

  for (int i = part->first; i < part->end; i++)
    {
      /* An earlier record failed: what follows is not needed. */
      if (g_atomic_int_get (&load->first_failed) < i)
        break;
      if (load->progress != NULL && part->worker == 0)
        load->progress ((double) g_atomic_int_get (&load->n_read) / load->n_shapes, load->progress_data);
      if (!read_record (part, i))
        break;
      g_atomic_int_inc (&load->n_read);
    }

  /* What read_func kept back comes before any later failure. */
  if (load->read_func != NULL && !load->read_func (NULL, part->worker, load->read_data, &error))
    {
      g_clear_error (&part->error);
      part_fail (part, part->failed >= 0 ? part->failed : part->end - 1, error);
    }
}

static gpointer
read_part_in_thread (gpointer data)
{
  Part *part = data;

  /* The hooks of a file in memory find it through this thread's own. */
  memory_files = part->load->memory;
  part->shp = SHPOpenLL (part->load->base, "rb", part->load->hooks);
  part->dbf = DBFOpenLL (part->load->dbf_path, "rb", part->load->hooks);
  part->own_handles = TRUE;
  if (part->shp == NULL || part->dbf == NULL)
    {
      g_autofree char *shp_path = g_strconcat (part->load->base, ".shp", NULL);
      g_autofree char *reason = dup_open_failure (part->load->hooks, part->shp == NULL ? shp_path : part->load->dbf_path);

      part->departements = g_ptr_array_new_with_free_func (g_object_unref);
      part->warnings = g_ptr_array_new_with_free_func (g_free);
      part->seen_codes = g_hash_table_new (g_str_hash, g_str_equal);
      part_fail (part, part->first, g_error_new (MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_CORRUPT,
                                                 part->shp == NULL
                                                 ? _("“%s.shp” cannot be read; it may be damaged or cut short (%s).")
                                                 : _("“%s.dbf” cannot be read; it may be damaged (%s)."),
                                                 part->load->basename, reason));
    }
  else
    read_part (part);
  memory_files = NULL;
  return NULL;
}

/* Below this size of .shp, one thread reads it all. */
#define MIN_SIZE_FOR_TWO_READERS (256 * 1024)

/* The record where the second half of the file's bytes starts. */
static int
find_middle (SHPHandle shp,
             int       n_shapes)
{
  guint64 half = (guint64) shp->nFileSize / 2;

  for (int i = 1; i < n_shapes; i++)
    if (shp->panRecOffset[i] >= half)
      return i;
  return n_shapes;
}

/* Joins the two parts in the order of the file, as one thread reading it
 * all would: the first failure in the file, duplicates across the parts
 * included. */
static GPtrArray *
join_parts (Part       *parts,
            guint       n_parts,
            GPtrArray  *warnings,
            GError    **error)
{
  GPtrArray *departements;

  for (guint k = 0; k < n_parts; k++)
    {
      Part *part = &parts[k];

      for (guint j = 0; warnings != NULL && j < part->warnings->len; j++)
        g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (part->warnings, j)));
      for (guint j = 0; k > 0 && j < part->departements->len; j++)
        {
          const char *code = moisson_departement_get_code (g_ptr_array_index (part->departements, j));
          int record = GPOINTER_TO_INT (g_hash_table_lookup (part->seen_codes, code));
          gpointer previous;

          if (part->error != NULL && part->failed < record - 1)
            break;
          if (g_hash_table_lookup_extended (parts[0].seen_codes, code, NULL, &previous))
            {
              g_propagate_error (error, duplicate_error (code, part->load->basename, GPOINTER_TO_INT (previous), record));
              return NULL;
            }
        }
      if (part->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&part->error));
          return NULL;
        }
    }

  departements = g_ptr_array_ref (parts[0].departements);
  for (guint k = 1; k < n_parts; k++)
    for (guint j = 0; j < parts[k].departements->len; j++)
      g_ptr_array_add (departements, g_object_ref (g_ptr_array_index (parts[k].departements, j)));
  if (departements->len == 0)
    {
      g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_EMPTY,
                   _("“%s.shp” contains no usable shapes."), parts[0].load->basename);
      g_ptr_array_unref (departements);
      return NULL;
    }
  return departements;
}

/* The shapefile @base (.shp, .shx, .dbf and .cpg as @hooks open them; the
 * .prj already read into @wkt), named @basename in messages. A large file
 * is read by two threads, each its half. */
static GPtrArray *
load_with_hooks (SAHooks                       *hooks,
                 const char                    *base,
                 const char                    *dbf_path,
                 const char                    *basename,
                 const char                    *wkt,
                 const GError                  *prj_error,
                 const MoissonShapefileOptions *options,
                 GPtrArray                     *warnings,
                 MoissonShapefileProgressFunc   progress,
                 gpointer                       progress_data,
                 MoissonShapefileReadFunc       read_func,
                 gpointer                       read_data,
                 GError                       **error)
{
  static const MoissonShapefileOptions no_options = { NULL, NULL, NULL };
  g_auto(SHPHandle) shp = NULL;
  g_auto(DBFHandle) dbf = NULL;
  int n_shapes = 0;
  int shape_type = SHPT_NULL;
  Load load = { hooks, base, dbf_path, basename, wkt, prj_error, memory_files };
  Part parts[2] = { { NULL } };
  guint n_parts = 1;
  GThread *helper = NULL;
  GPtrArray *departements;

  if (options == NULL)
    options = &no_options;

  shp = SHPOpenLL (base, "rb", hooks);
  if (shp == NULL)
    {
      g_autofree char *shp_path = g_strconcat (base, ".shp", NULL);
      g_autofree char *reason = dup_open_failure (hooks, shp_path);

      g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_CORRUPT,
                   _("“%s.shp” cannot be read; it may be damaged or cut short (%s)."), basename, reason);
      return NULL;
    }

  SHPGetInfo (shp, &n_shapes, &shape_type, NULL, NULL);
  if (shape_type != SHPT_POLYGON && shape_type != SHPT_POLYGONZ && shape_type != SHPT_POLYGONM)
    {
      g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_NOT_POLYGONS,
                   _("“%s.shp” holds %s, not polygons: it cannot draw départements."),
                   basename, SHPTypeName (shape_type));
      return NULL;
    }

  dbf = DBFOpenLL (dbf_path, "rb", hooks);
  if (dbf == NULL)
    {
      g_autofree char *reason = dup_open_failure (hooks, dbf_path);

      g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_CORRUPT,
                   _("“%s.dbf” cannot be read; it may be damaged (%s)."), basename, reason);
      return NULL;
    }
  /* A .dbf cut short reads as empty records: refuse it, rather than
   * drawing a map with départements silently missing. */
  {
    guint64 size;

    if (!get_file_size (hooks, dbf_path, &size) ||
        size < (guint64) dbf->nHeaderLength + (guint64) dbf->nRecordLength * (guint64) MAX (dbf->nRecords, 0))
      {
        g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_CORRUPT,
                     _("“%s.dbf” is cut short: it announces %d records but does not hold them."),
                     basename, DBFGetRecordCount (dbf));
        return NULL;
      }
  }
  if (DBFGetRecordCount (dbf) != n_shapes)
    {
      g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_CORRUPT,
                   _("“%s.dbf” has %d records but “%s.shp” has %d shapes: the files do not belong together or one is cut short."),
                   basename, DBFGetRecordCount (dbf), basename, n_shapes);
      return NULL;
    }
  if (n_shapes == 0)
    {
      g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_EMPTY,
                   _("“%s.shp” contains no shapes."), basename);
      return NULL;
    }

  load.code_field = find_field (dbf, options->code_field, code_field_names);
  if (load.code_field < 0 && options->code_field == NULL)
    load.code_field = guess_code_field (dbf);
  if (load.code_field < 0)
    {
      g_autofree char *fields = list_fields (dbf);

      if (options->code_field != NULL)
        g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_NO_CODE_FIELD,
                     _("“%s.dbf” has no field “%s”. Its fields are: %s."),
                     basename, options->code_field, fields);
      else
        g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_NO_CODE_FIELD,
                     _("No field of “%s.dbf” holds département codes. Its fields are: %s. "
                       "Name the code field with --code-field."),
                     basename, fields);
      return NULL;
    }
  load.name_field = find_field (dbf, options->name_field, name_field_names);
  load.region_field = find_field (dbf, options->region_field, region_field_names);
  load.region_name_field = find_field (dbf, NULL, region_name_field_names);
  if (load.name_field == load.code_field)
    load.name_field = -1;
  load.charset = charset_from_code_page (DBFGetCodePage (dbf));
  load.n_shapes = n_shapes;
  load.progress = progress;
  load.progress_data = progress_data;
  load.read_func = read_func;
  load.read_data = read_data;
  load.first_failed = n_shapes;

  parts[0] = (Part) { &load, 0, 0, n_shapes, shp, dbf };
  if (n_shapes >= 2 && shp->nFileSize >= MIN_SIZE_FOR_TWO_READERS && _moisson_get_n_threads () >= 2)
    {
      parts[0].end = find_middle (shp, n_shapes);
      if (parts[0].end < n_shapes)
        {
          parts[1] = (Part) { &load, 1, parts[0].end, n_shapes };
          n_parts = 2;
          helper = g_thread_new ("moisson-read", read_part_in_thread, &parts[1]);
        }
    }
  read_part (&parts[0]);
  if (helper != NULL)
    g_thread_join (helper);

  departements = join_parts (parts, n_parts, warnings, error);
  for (guint k = 0; k < n_parts; k++)
    part_clear (&parts[k]);
  return departements;
}

/**
 * moisson_shapefile_load:
 * @path: the .shp file (its .shx and .dbf must sit beside it)
 * @options: (nullable): field names, or %NULL to recognise them
 * @warnings: (nullable): receives messages about records that were skipped
 * @error: return location for a #MoissonShapefileError
 *
 * Reads polygons, codes and names, and brings every polygon to longitude
 * and latitude (WGS 84) using the .prj.
 *
 * Returns: (transfer full): a #GPtrArray of #MoissonDepartement
 */
GPtrArray *
moisson_shapefile_load (const char                    *path,
                        const MoissonShapefileOptions *options,
                        GPtrArray                     *warnings,
                        GError                       **error)
{
  return moisson_shapefile_load_with_progress (path, options, warnings, NULL, NULL, NULL, NULL, error);
}

/**
 * moisson_shapefile_load_with_progress:
 * @progress: (nullable): called before each record, in the loading thread
 * @read_func: (nullable): called with each département as soon as it is
 *   read, in longitudes and latitudes, by the thread that read it: a large
 *   file is read by the loading thread (worker 0) and a helper (worker 1),
 *   each its half, each handing its départements over in their order;
 *   then once with %NULL by each worker that is done. The loader does not
 *   touch a département after. When it fails, the load stops with its
 *   error there.
 *
 * As moisson_shapefile_load(), telling how far the reading has gone and
 * handing each département over as it comes, for work that can start
 * before the whole file is read.
 */
GPtrArray *
moisson_shapefile_load_with_progress (const char                    *path,
                                      const MoissonShapefileOptions *options,
                                      GPtrArray                     *warnings,
                                      MoissonShapefileProgressFunc   progress,
                                      gpointer                       progress_data,
                                      MoissonShapefileReadFunc       read_func,
                                      gpointer                       read_data,
                                      GError                       **error)
{
  g_autofree char *base = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *dbf_path = NULL;
  g_autofree char *prj_path = NULL;
  g_autofree char *wkt = NULL;
  g_autoptr(GError) prj_error = NULL;
  gboolean prj_not_regular = FALSE;
  SAHooks hooks;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_MISSING_FILE,
                   _("“%s” is a device, a pipe or a folder, not a shapefile."), name);
      return NULL;
    }
  base = strip_extension (path);
  basename = g_path_get_basename (base);
  if (!check_companions (base, error))
    return NULL;

  prj_path = find_companion (base, "prj", &prj_not_regular);
  if (prj_path != NULL)
    moisson_file_get_contents (prj_path, MAX_PRJ_SIZE, &wkt, NULL, &prj_error);

  setup_hooks (&hooks);
  dbf_path = find_companion (base, "dbf", NULL);
  return load_with_hooks (&hooks, base, dbf_path, basename, wkt, prj_error, options, warnings,
                          progress, progress_data, read_func, read_data, error);
}

/**
 * moisson_shapefile_has_field:
 * @path: a .shp file
 * @name: a field of its table, in any case
 *
 * Returns: whether the .dbf beside @path has that field, read as the
 *   loader reads it: regular files only
 */
gboolean
moisson_shapefile_has_field (const char *path,
                             const char *name)
{
  g_autofree char *base = NULL;
  g_autofree char *dbf_path = NULL;
  g_auto(DBFHandle) dbf = NULL;
  SAHooks hooks;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  base = strip_extension (path);
  dbf_path = find_companion (base, "dbf", NULL);
  if (dbf_path == NULL)
    return FALSE;
  setup_hooks (&hooks);
  dbf = DBFOpenLL (dbf_path, "rb", &hooks);
  return dbf != NULL && DBFGetFieldIndex (dbf, name) >= 0;
}


static SAFile
memory_open (const char *filename,
             const char *access)
{
  const char *dot = strrchr (filename, '.');
  GBytes *bytes = NULL;
  ReadFile *file;
  gsize size;

  if (memory_files == NULL || dot == NULL || !is_read_only (access))
    return NULL;
  if (g_ascii_strcasecmp (dot, ".shp") == 0)
    bytes = memory_files->shp;
  else if (g_ascii_strcasecmp (dot, ".shx") == 0)
    bytes = memory_files->shx;
  else if (g_ascii_strcasecmp (dot, ".dbf") == 0)
    bytes = memory_files->dbf;
  else if (g_ascii_strcasecmp (dot, ".cpg") == 0)
    bytes = memory_files->cpg;
  if (bytes == NULL)
    return NULL;

  file = g_new0 (ReadFile, 1);
  file->fd = -1;
  file->buffer = g_bytes_get_data (bytes, &size);
  file->size = file->buffer_length = size;
  return (SAFile) file;
}

static int
memory_remove (const char *filename)
{
  return -1;
}

/**
 * moisson_shapefile_load_from_data:
 * @name: what messages call the shapefile, without extension
 * @data: its files in memory
 * @options: (nullable): field names, or %NULL to recognise them
 * @warnings: (nullable): receives messages about records that were skipped
 * @error: return location for a #MoissonShapefileError
 *
 * Reads a shapefile exactly as moisson_shapefile_load () does, from memory.
 *
 * Returns: (transfer full): a #GPtrArray of #MoissonDepartement
 */
GPtrArray *
moisson_shapefile_load_from_data (const char                    *name,
                                  const MoissonShapefileData    *data,
                                  const MoissonShapefileOptions *options,
                                  GPtrArray                     *warnings,
                                  GError                       **error)
{
  g_autofree char *wkt = NULL;
  GPtrArray *departements;
  SAHooks hooks;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL && data->shp != NULL && data->shx != NULL && data->dbf != NULL, NULL);
  g_return_val_if_fail (memory_files == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data->prj != NULL)
    wkt = g_strndup (g_bytes_get_data (data->prj, NULL), g_bytes_get_size (data->prj));

  setup_hooks (&hooks);
  /* The same reading as from disk, the files already in memory. */
  hooks.FOpen = memory_open;
  hooks.Remove = memory_remove;

  memory_files = data;
  departements = load_with_hooks (&hooks, "memory", "memory.dbf", name, wkt, NULL,
                                  options, warnings, NULL, NULL, NULL, NULL, error);
  memory_files = NULL;
  return departements;
}
