/* moisson-feed-csv.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-feed.h"

#include <glib/gi18n-lib.h>
#include <json.h>
#include <string.h>

#include "moisson-cleanups-private.h"
#include "moisson-feed-private.h"

/* A spreadsheet's export read as a feed: each row is read as the properties
 * of a GeoJSON feature, so that a table and a GeoJSON file understand the
 * same names. RFC 4180, read as spreadsheets write it: UTF-8 with or without
 * a byte-order mark, or Windows-1252; commas, semicolons or tabs. */

#define BOM "\xef\xbb\xbf"
/* Rows after the header that confirm a separator. */
#define ROWS_TO_CHECK 5
/* How much of the start is looked at for bytes that no text holds. */
#define SNIFF_LENGTH 4096

static const char separators[] = { ',', ';', '\t' };

/* Windows-1252 from 0x80 to 0x9f; from 0xa0 it is Latin-1. */
static const gunichar windows_1252[32] = {
  0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
  0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
};

typedef struct
{
  const char *data;
  gsize length;
  gsize pos;
  char separator;
  guint line;               /* of pos, from 1 */
  guint record_line;        /* where the last record started */
  guint unclosed_line;      /* of a quote the last record left open, or 0 */
  GString *fields;          /* the last record's fields, each ended by a NUL */
  GArray *starts;           /* guint: where each starts in fields */
} Reader;

static void
reader_init (Reader     *reader,
             const char *data,
             gsize       length,
             char        separator)
{
  reader->data = data;
  reader->length = length;
  reader->pos = 0;
  reader->separator = separator;
  reader->line = 1;
  reader->fields = g_string_new (NULL);
  reader->starts = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
reader_clear (Reader *reader)
{
  if (reader->fields != NULL)
    g_string_free (reader->fields, TRUE);
  g_clear_pointer (&reader->starts, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

static guint
count_lines (const char *text,
             gsize       length)
{
  guint lines = 0;

  for (const char *p = text; (p = memchr (p, '\n', text + length - p)) != NULL; p++)
    lines++;
  return lines;
}

/* The next record into reader->fields; FALSE at the end. A quote opens a
 * quoted field only at its start; what follows its closing quote is kept,
 * as spreadsheets do, and one left open runs to the end of the file. */
static gboolean
next_record (Reader *reader)
{
  const char *data = reader->data;
  gsize length = reader->length;
  gsize pos = reader->pos;
  char separator = reader->separator;

  if (pos >= length)
    return FALSE;
  g_string_truncate (reader->fields, 0);
  g_array_set_size (reader->starts, 0);
  reader->record_line = reader->line;
  reader->unclosed_line = 0;
  for (;;)
    {
      guint start = reader->fields->len;
      gsize end;

      g_array_append_val (reader->starts, start);
      if (pos < length && data[pos] == '"')
        {
          guint quote_line = reader->line;

          for (pos++;;)
            {
              const char *quote = memchr (data + pos, '"', length - pos);

              end = quote != NULL ? (gsize) (quote - data) : length;
              reader->line += count_lines (data + pos, end - pos);
              g_string_append_len (reader->fields, data + pos, end - pos);
              if (quote == NULL)
                {
                  reader->unclosed_line = quote_line;
                  pos = length;
                  break;
                }
              pos = end + 1;
              if (pos >= length || data[pos] != '"')
                break;
              g_string_append_c (reader->fields, '"');
              pos++;
            }
        }
      for (end = pos; end < length; end++)
        if (data[end] == separator || data[end] == '\n' || data[end] == '\r')
          break;
      g_string_append_len (reader->fields, data + pos, end - pos);
      g_string_append_c (reader->fields, '\0');
      pos = end;
      if (pos < length && data[pos] == separator)
        {
          pos++;
          continue;
        }
      if (pos < length && data[pos] == '\r')
        pos++;
      if (pos < length && data[pos] == '\n')
        pos++;
      reader->line++;
      break;
    }
  reader->pos = pos;
  return TRUE;
}

static guint
n_fields (Reader *reader)
{
  return reader->starts->len;
}

/* Field @i, trimmed; *@length 0 when it is empty. */
static const char *
get_field (Reader *reader,
           guint   i,
           gsize  *length)
{
  guint start = g_array_index (reader->starts, guint, i);
  guint end = (i + 1 < reader->starts->len ? g_array_index (reader->starts, guint, i + 1) : reader->fields->len) - 1;
  const char *text = reader->fields->str;

  while (start < end && g_ascii_isspace (text[start]))
    start++;
  while (end > start && g_ascii_isspace (text[end - 1]))
    end--;
  *length = end - start;
  return text + start;
}

static gboolean
is_blank (Reader *reader)
{
  gsize length;

  return n_fields (reader) == 1 && (get_field (reader, 0, &length), length == 0);
}

/* Bytes that no text holds, in the first few thousand; or a NUL anywhere,
 * which no text holds either, and which would cut a field short. */
static gboolean
looks_binary (const char *data,
              gsize       length)
{
  for (gsize i = 0; i < MIN (length, SNIFF_LENGTH); i++)
    {
      guchar c = data[i];

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
        return TRUE;
    }
  return length > SNIFF_LENGTH && memchr (data + SNIFF_LENGTH, '\0', length - SNIFF_LENGTH) != NULL;
}

/* The separator that splits the header in most columns, of those that
 * split the first rows alike; 0 for none. */
static char
choose_separator (const char *data,
                  gsize       length)
{
  char best = 0;
  int best_matching = -1;
  guint best_columns = 0;

  for (guint s = 0; s < G_N_ELEMENTS (separators); s++)
    {
      g_auto(Reader) reader = { 0 };
      guint columns, rows = 0;
      int matching = 0;

      reader_init (&reader, data, length, separators[s]);
      while (next_record (&reader) && is_blank (&reader))
        ;
      columns = n_fields (&reader);
      if (columns < 2)
        continue;
      while (rows < ROWS_TO_CHECK && next_record (&reader))
        {
          if (is_blank (&reader))
            continue;
          rows++;
          matching += n_fields (&reader) == columns;
        }
      if (matching > best_matching || (matching == best_matching && columns > best_columns))
        {
          best = separators[s];
          best_matching = matching;
          best_columns = columns;
        }
    }
  return best;
}

static void
skip_bom (const char **data,
          gsize       *length)
{
  if (*length >= 3 && memcmp (*data, BOM, 3) == 0)
    {
      *data += 3;
      *length -= 3;
    }
}

/**
 * _moisson_feed_is_csv:
 *
 * Returns: whether @data is to be read as a table: not JSON, and either a
 *   header split by a separator, or binary data, which
 *   _moisson_feed_read_csv () then refuses with a clear message
 */
gboolean
_moisson_feed_is_csv (const char *data,
                      gsize       length)
{
  gsize pos = 0;

  skip_bom (&data, &length);
  while (pos < length && g_ascii_isspace (data[pos]))
    pos++;
  if (pos >= length || data[pos] == '{' || data[pos] == '[')
    return FALSE;
  return looks_binary (data, length) || choose_separator (data, length) != 0;
}

static char *
from_windows_1252 (const char *data,
                   gsize       length,
                   gsize      *converted_length)
{
  GString *text = g_string_sized_new (length + length / 8);

  for (gsize i = 0; i < length; i++)
    {
      guchar c = data[i];

      if (c < 0x80)
        g_string_append_c (text, c);
      else
        g_string_append_unichar (text, c < 0xa0 ? windows_1252[c - 0x80] : c);
    }
  *converted_length = text->len;
  return g_string_free (text, FALSE);
}

/* The names of the columns, trimmed, each once: "column 3" for a blank one,
 * "nom (2)" for a second "nom". */
static GStrv
read_header (Reader *reader)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GStrv names = g_new0 (char *, n_fields (reader) + 1);

  for (guint i = 0; i < n_fields (reader); i++)
    {
      gsize length;
      const char *field = get_field (reader, i, &length);
      g_autofree char *name = length > 0 ? g_utf8_make_valid (field, length)
                                         : g_strdup_printf (_("column %u"), i + 1);

      names[i] = g_strdup (name);
      for (guint n = 2; g_hash_table_contains (seen, names[i]); n++)
        {
          g_free (names[i]);
          names[i] = g_strdup_printf ("%s (%u)", name, n);
        }
      g_hash_table_add (seen, names[i]);
    }
  return names;
}

static void
put_value (gpointer value)
{
  json_object_put (value);
}

/* The columns of a table as its Table Schema types them. */
typedef struct
{
  const MoissonTableSchema *schema;
  const MoissonSchemaField **fields;   /* of each column, or NULL */
  GPtrArray *typed;         /* json_object: each column's value of its type, changed in place */
  gboolean *reported;       /* a value not of its type was reported */
  json_object *point;       /* a feature's Point geometry, from a geopoint */
  json_object *lon, *lat;
} Typing;

static void
typing_clear (Typing *typing)
{
  g_clear_pointer (&typing->fields, g_free);
  g_clear_pointer (&typing->typed, g_ptr_array_unref);
  g_clear_pointer (&typing->reported, g_free);
  g_clear_pointer (&typing->point, json_object_put);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Typing, typing_clear)

static const char *
type_name (MoissonSchemaType type)
{
  static const char * const names[] = {
    [MOISSON_SCHEMA_TYPE_STRING] = "string", [MOISSON_SCHEMA_TYPE_NUMBER] = "number",
    [MOISSON_SCHEMA_TYPE_INTEGER] = "integer", [MOISSON_SCHEMA_TYPE_BOOLEAN] = "boolean",
    [MOISSON_SCHEMA_TYPE_DATE] = "date", [MOISSON_SCHEMA_TYPE_DATETIME] = "datetime",
    [MOISSON_SCHEMA_TYPE_YEAR] = "year", [MOISSON_SCHEMA_TYPE_GEOPOINT] = "geopoint",
  };

  return names[type];
}

/* Matches the columns to the fields of the schema, says which fields the
 * table lacks, and lets the titles of fields name what their columns hold. */
static void
typing_init (Typing                  *typing,
             MoissonFeed             *self,
             const MoissonFeedSchema *source,
             GStrv                    names)
{
  guint n_columns = g_strv_length (names);
  g_autoptr(GPtrArray) lacking = g_ptr_array_new ();
  gboolean has_point = FALSE;

  if (source == NULL)
    return;
  if (source->schema == NULL)
    {
      _moisson_feed_add_problem (self, -1, NULL, _("The schema “%s” was not used: %s The table is read by its header."),
                                 source->name, source->problem);
      return;
    }
  typing->schema = source->schema;
  typing->fields = g_new0 (const MoissonSchemaField *, n_columns);
  typing->typed = g_ptr_array_new_with_free_func (put_value);
  typing->reported = g_new0 (gboolean, n_columns);
  for (guint i = 0; i < n_columns; i++)
    {
      const MoissonSchemaField *field = _moisson_table_schema_lookup (typing->schema, names[i]);
      json_object *typed = NULL;

      typing->fields[i] = field;
      if (field != NULL)
        {
          _moisson_feed_guess_role_from_title (self, names[i], field->title);
          has_point |= field->type == MOISSON_SCHEMA_TYPE_GEOPOINT;
          switch (field->type)
            {
            case MOISSON_SCHEMA_TYPE_NUMBER:
              typed = json_object_new_double (0);
              break;
            case MOISSON_SCHEMA_TYPE_INTEGER:
            case MOISSON_SCHEMA_TYPE_YEAR:
              typed = json_object_new_int64 (0);
              break;
            case MOISSON_SCHEMA_TYPE_BOOLEAN:
              typed = json_object_new_boolean (FALSE);
              break;
            case MOISSON_SCHEMA_TYPE_DATE:
            case MOISSON_SCHEMA_TYPE_DATETIME:
              typed = json_object_new_string ("");
              break;
            case MOISSON_SCHEMA_TYPE_STRING:
            case MOISSON_SCHEMA_TYPE_GEOPOINT:
            default:
              break;
            }
        }
      g_ptr_array_add (typing->typed, typed);
    }
  for (guint f = 0; f < typing->schema->fields->len; f++)
    {
      const MoissonSchemaField *field = g_ptr_array_index (typing->schema->fields, f);
      gboolean found = FALSE;

      for (guint i = 0; i < n_columns && !found; i++)
        found = typing->fields[i] == field;
      if (!found)
        g_ptr_array_add (lacking, field->name);
    }
  /* Another table's, such as a schema.json beside several tables. */
  if (lacking->len > 0 && lacking->len == typing->schema->fields->len)
    {
      _moisson_feed_add_problem (self, -1, NULL,
                                 _("The schema “%s” names none of the columns of the table: it was not used."),
                                 source->name);
      typing_clear (typing);
      *typing = (Typing) { 0 };
      return;
    }
  if (lacking->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (lacking, NULL);
      /* TRANSLATORS: between the names of a list, each in quotes:
       * “telephone”, “site” */
      list = g_strjoinv (C_("list of quoted names", "”, “"), (char **) lacking->pdata);
      _moisson_feed_add_problem (self, -1, NULL,
                                 g_dngettext (GETTEXT_PACKAGE,
                                              "The schema “%s” names a column the table lacks: “%s”.",
                                              "The schema “%s” names columns the table lacks: “%s”.",
                                              lacking->len - 1),
                                 source->name, list);
    }
  if (has_point)
    {
      json_object *coordinates = json_object_new_array_ext (2);

      typing->point = json_object_new_object ();
      json_object_object_add (typing->point, "type", json_object_new_string ("Point"));
      json_object_array_add (coordinates, typing->lon = json_object_new_double (0));
      json_object_array_add (coordinates, typing->lat = json_object_new_double (0));
      json_object_object_add (typing->point, "coordinates", coordinates);
    }
}

/* The value of the cell of column @i as its field types it; NULL to keep
 * it as written. A geopoint becomes the feature's geometry (*@point). */
static json_object *
typed_value (Typing      *typing,
             MoissonFeed *self,
             GStrv        names,
             guint        i,
             const char  *text,
             gsize        length,
             guint        line,
             gboolean    *point)
{
  const MoissonSchemaField *field = typing->fields != NULL ? typing->fields[i] : NULL;
  json_object *typed = typing->typed != NULL ? g_ptr_array_index (typing->typed, i) : NULL;
  MoissonSchemaValue value;

  if (field == NULL || field->type == MOISSON_SCHEMA_TYPE_STRING)
    return NULL;
  if (!_moisson_schema_field_read (field, text, length, &value))
    {
      /* Once a column: a wrong schema says it of every row. */
      if (!typing->reported[i])
        {
          g_autofree char *shown = g_utf8_make_valid (text, MIN (length, 60));

          typing->reported[i] = TRUE;
          _moisson_feed_add_problem (self, -1, NULL,
                                     _("The column “%s” holds values that are not of the type “%s” its schema "
                                       "gives, such as “%s” on line %u: they are read as written."),
                                     names[i], type_name (field->type), shown, line);
        }
      return NULL;
    }
  switch (value.kind)
    {
    case MOISSON_SCHEMA_VALUE_NUMBER:
      json_object_set_double (typed, value.number);
      return typed;
    case MOISSON_SCHEMA_VALUE_INTEGER:
      json_object_set_int64 (typed, value.integer);
      return typed;
    case MOISSON_SCHEMA_VALUE_BOOLEAN:
      json_object_set_boolean (typed, value.boolean);
      return typed;
    case MOISSON_SCHEMA_VALUE_DATE:
      json_object_set_string (typed, value.text);
      return typed;
    case MOISSON_SCHEMA_VALUE_POINT:
      if (!*point)
        {
          json_object_set_double (typing->lon, value.lon);
          json_object_set_double (typing->lat, value.lat);
          *point = TRUE;
        }
      return NULL;
    case MOISSON_SCHEMA_VALUE_TEXT:
    default:
      return NULL;
    }
}

/* Starts @reader on the table in @data, as text in UTF-8 (*@converted
 * holds it when it was not), with its separator found. */
static gboolean
open_table (Reader      *reader,
            const char  *data,
            gsize        length,
            char       **converted,
            GError     **error)
{
  char separator;

  skip_bom (&data, &length);
  if (looks_binary (data, length))
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NOT_A_FEED,
                   _("The file holds binary data: it is neither a feed, GeoJSON, nor a CSV table."));
      return FALSE;
    }
  /* Not UTF-8: a spreadsheet of Windows wrote it. */
  if (!g_utf8_validate_len (data, length, NULL))
    {
      *converted = from_windows_1252 (data, length, &length);
      data = *converted;
    }
  separator = choose_separator (data, length);
  if (separator == 0)
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NOT_A_FEED,
                   _("The file is not a CSV table: its first line should name the columns, separated by "
                     "commas, semicolons or tabs."));
      return FALSE;
    }

  reader_init (reader, data, length, separator);
  return TRUE;
}

/**
 * _moisson_feed_read_csv:
 *
 * Reads each row of the table in @data as an entry, its columns named by
 * the first row.
 *
 * Returns: %FALSE with @error set when @data is no table at all
 */
gboolean
_moisson_feed_read_csv (MoissonFeed             *self,
                        const char              *data,
                        gsize                    length,
                        const MoissonFeedSchema *schema,
                        GError                 **error)
{
  g_autofree char *converted = NULL;
  g_auto(Reader) reader = { 0 };
  g_auto(GStrv) names = NULL;
  g_autofree gboolean *filled = NULL;
  g_autoptr(json_object) feature = NULL;
  g_autoptr(json_object) properties = NULL;
  g_autoptr(json_object) id = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_auto(Typing) typing = { 0 };
  gboolean has_id = FALSE;
  guint n_columns, n_read = 0;
  int index = 0;

  if (!open_table (&reader, data, length, &converted, error))
    return FALSE;
  while (next_record (&reader) && is_blank (&reader))
    ;
  names = read_header (&reader);
  n_columns = g_strv_length (names);
  filled = g_new0 (gboolean, n_columns);
  typing_init (&typing, self, schema, names);

  /* One feature for every row, its values changed in place: a row costs no
   * JSON tree. Each column has its member in header order, null when empty. */
  feature = json_object_new_object ();
  properties = json_object_new_object ();
  values = g_ptr_array_new_with_free_func (put_value);
  for (guint i = 0; i < n_columns; i++)
    {
      has_id |= strcmp (names[i], "id") == 0;
      g_ptr_array_add (values, json_object_new_string (""));
      json_object_object_add_ex (properties, names[i], NULL,
                                 JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_ADD_CONSTANT_KEY);
    }
  if (!has_id)
    json_object_object_add (feature, "id", json_object_get (id = json_object_new_string ("")));
  json_object_object_add (feature, "properties", json_object_get (properties));

  while (next_record (&reader))
    {
      gboolean point = FALSE;

      if (is_blank (&reader))
        continue;
      if (reader.unclosed_line > 0)
        _moisson_feed_add_problem (self, index, NULL, _("The quote opened at line %u is never closed."),
                                   reader.unclosed_line);
      if (n_fields (&reader) != n_columns)
        {
          _moisson_feed_add_problem (self, index, NULL,
                                     g_dngettext (GETTEXT_PACKAGE,
                                                  "Line %u has %u field, not %u as the header: the row was not loaded.",
                                                  "Line %u has %u fields, not %u as the header: the row was not loaded.",
                                                  n_fields (&reader)),
                                     reader.record_line, n_fields (&reader), n_columns);
          index++;
          continue;
        }

      for (guint i = 0; i < n_columns; i++)
        {
          gsize field_length;
          const char *field = get_field (&reader, i, &field_length);
          json_object *value = NULL;
          gboolean was_point = point;

          if (field_length > 0 &&
              (typing.schema == NULL || !_moisson_table_schema_is_missing (typing.schema, field, field_length)))
            {
              filled[i] = TRUE;
              value = typed_value (&typing, self, names, i, field, field_length, reader.record_line, &point);
              if (value == NULL && point == was_point)
                {
                  value = g_ptr_array_index (values, i);
                  json_object_set_string_len (value, field, (int) field_length);
                }
              /* A geopoint is the feature's geometry, not shown again. */
              if (value != NULL)
                json_object_get (value);
            }
          json_object_object_add_ex (properties, names[i], value, JSON_C_OBJECT_ADD_CONSTANT_KEY);
        }
      if (typing.point != NULL)
        json_object_object_add (feature, "geometry", point ? json_object_get (typing.point) : NULL);
      if (id != NULL)
        {
          char text[32];

          json_object_set_string_len (id, text, g_snprintf (text, sizeof text, "row-%d", index + 1));
        }
      _moisson_feed_read_feature (self, feature, index);
      index++;
      n_read++;
    }

  if (index == 0)
    _moisson_feed_add_problem (self, -1, NULL, _("The table names its columns but has no rows."));
  /* Of rows all ragged, no column is known to be empty. */
  for (guint i = 0; n_read > 0 && i < n_columns; i++)
    if (!filled[i])
      _moisson_feed_add_problem (self, -1, NULL, _("The column “%s” is empty in every row."), names[i]);
  return TRUE;
}

/**
 * _moisson_feed_preview_csv:
 * @max_rows: how many rows to give as text
 * @names: (out): the names of the columns, as _moisson_feed_read_csv ()
 *   gives them
 * @rows: (out): the first @max_rows rows of the table, each a GStrv with a
 *   field for every column ("" for those a short row lacks)
 * @n_rows: (out): how many rows the table has, ragged ones included, blank
 *   lines not: as many as reading it has entries
 *
 * For the import assistant: the table as _moisson_feed_read_csv () reads
 * it, with no entry made of its rows.
 *
 * Returns: %FALSE with @error set when @data is no table at all
 */
gboolean
_moisson_feed_preview_csv (const char  *data,
                           gsize        length,
                           guint        max_rows,
                           GStrv       *names,
                           GPtrArray  **rows,
                           guint       *n_rows,
                           GError     **error)
{
  g_autofree char *converted = NULL;
  g_auto(Reader) reader = { 0 };
  g_autoptr(GPtrArray) preview = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_auto(GStrv) header = NULL;
  guint n_columns, count = 0;

  if (!open_table (&reader, data, length, &converted, error))
    return FALSE;
  while (next_record (&reader) && is_blank (&reader))
    ;
  header = read_header (&reader);
  n_columns = g_strv_length (header);
  while (next_record (&reader))
    {
      GStrv row;

      if (is_blank (&reader))
        continue;
      if (count++ >= max_rows)
        continue;
      row = g_new0 (char *, n_columns + 1);
      for (guint i = 0; i < n_columns; i++)
        {
          gsize field_length = 0;
          const char *field = i < n_fields (&reader) ? get_field (&reader, i, &field_length) : "";

          row[i] = g_utf8_make_valid (field, field_length);
        }
      g_ptr_array_add (preview, row);
    }
  *names = g_steal_pointer (&header);
  *rows = g_steal_pointer (&preview);
  *n_rows = count;
  return TRUE;
}
