/* moisson-table-schema.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-table-schema.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <json.h>
#include <math.h>
#include <string.h>

#include "moisson-cleanups-private.h"
#include "moisson-feed.h"

/* Types are read as the specification says, strictly: a value that is not
 * of its column's type is kept as written, and the caller says so once for
 * the column. The types Moisson has no use for are read as text. */

static const char * const default_true_values[] = { "true", "True", "TRUE", "1", NULL };
static const char * const default_false_values[] = { "false", "False", "FALSE", "0", NULL };

static void
free_field (MoissonSchemaField *field)
{
  g_free (field->name);
  g_free (field->title);
  g_free (field->format);
  g_free (field->decimal_char);
  g_free (field->group_char);
  g_strfreev (field->true_values);
  g_strfreev (field->false_values);
  g_free (field);
}

void
_moisson_table_schema_free (MoissonTableSchema *schema)
{
  if (schema == NULL)
    return;
  g_clear_pointer (&schema->fields, g_ptr_array_unref);
  g_strfreev (schema->missing_values);
  g_free (schema);
}

/* A text member, or NULL. */
static char *
dup_string (json_object *object,
            const char  *key)
{
  json_object *value;

  if (!json_object_object_get_ex (object, key, &value) || !json_object_is_type (value, json_type_string))
    return NULL;
  return g_utf8_make_valid (json_object_get_string (value), json_object_get_string_len (value));
}

/* A list of texts, or @fallback when there is none. */
static GStrv
dup_strings (json_object        *object,
             const char         *key,
             const char * const *fallback)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  json_object *list;

  if (!json_object_object_get_ex (object, key, &list) || !json_object_is_type (list, json_type_array))
    return g_strdupv ((char **) fallback);
  builder = g_strv_builder_new ();
  for (size_t i = 0; i < json_object_array_length (list); i++)
    {
      json_object *item = json_object_array_get_idx (list, i);

      g_autofree char *text = NULL;

      if (json_object_is_type (item, json_type_string))
        {
          text = g_utf8_make_valid (json_object_get_string (item), json_object_get_string_len (item));
          g_strv_builder_add (builder, text);
        }
    }
  return g_strv_builder_end (builder);
}

static MoissonSchemaType
type_of (const char *name)
{
  static const struct
  {
    const char *name;
    MoissonSchemaType type;
  } types[] = {
    { "number", MOISSON_SCHEMA_TYPE_NUMBER }, { "integer", MOISSON_SCHEMA_TYPE_INTEGER },
    { "boolean", MOISSON_SCHEMA_TYPE_BOOLEAN }, { "date", MOISSON_SCHEMA_TYPE_DATE },
    { "datetime", MOISSON_SCHEMA_TYPE_DATETIME }, { "year", MOISSON_SCHEMA_TYPE_YEAR },
    { "geopoint", MOISSON_SCHEMA_TYPE_GEOPOINT },
  };

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (types); i++)
    if (strcmp (name, types[i].name) == 0)
      return types[i].type;
  return MOISSON_SCHEMA_TYPE_STRING;
}

/**
 * _moisson_table_schema_parse:
 * @data: the text of a Table Schema
 *
 * Returns: (transfer full): the schema, or %NULL with @error set when
 *   @data is not JSON, or not an object with a list of "fields"
 */
MoissonTableSchema *
_moisson_table_schema_parse (const char  *data,
                             gsize        length,
                             GError     **error)
{
  g_autoptr(json_object) root = NULL;
  g_autoptr(MoissonTableSchema) schema = NULL;
  json_tokener *tokener;
  json_object *fields;
  enum json_tokener_error status;
  gsize end;

  if (length > G_MAXINT)
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_TOO_LARGE, _("The schema is too large."));
      return NULL;
    }
  tokener = json_tokener_new ();
  root = json_tokener_parse_ex (tokener, data, (int) length);
  status = json_tokener_get_error (tokener);
  end = json_tokener_get_parse_end (tokener);
  json_tokener_free (tokener);
  if (root == NULL || status != json_tokener_success)
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX, _("it is not valid JSON (%s)."),
                   status == json_tokener_continue ? _("the text ends before the JSON does")
                                                   : json_tokener_error_desc (status));
      return NULL;
    }
  for (; end < length; end++)
    if (!g_ascii_isspace (data[end]))
      {
        g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX,
                     _("it is not valid JSON (unexpected text after the end)."));
        return NULL;
      }
  if (!json_object_is_type (root, json_type_object) || !json_object_object_get_ex (root, "fields", &fields) ||
      !json_object_is_type (fields, json_type_array))
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NOT_A_FEED,
                   _("it is not a Table Schema: it has no list of “fields”."));
      return NULL;
    }

  schema = g_new0 (MoissonTableSchema, 1);
  schema->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) free_field);
  {
    static const char * const default_missing[] = { "", NULL };

    schema->missing_values = dup_strings (root, "missingValues", default_missing);
  }
  for (size_t i = 0; i < json_object_array_length (fields); i++)
    {
      json_object *item = json_object_array_get_idx (fields, i);
      g_autofree char *type = NULL;
      MoissonSchemaField *field;
      json_object *bare;

      if (!json_object_is_type (item, json_type_object))
        continue;
      field = g_new0 (MoissonSchemaField, 1);
      field->name = dup_string (item, "name");
      if (field->name == NULL)
        {
          free_field (field);
          continue;
        }
      field->title = dup_string (item, "title");
      type = dup_string (item, "type");
      field->type = type_of (type);
      field->format = dup_string (item, "format");
      if (g_strcmp0 (field->format, "default") == 0)
        g_clear_pointer (&field->format, g_free);
      /* Field properties, and at the top as some schemas write them. */
      field->decimal_char = dup_string (item, "decimalChar");
      if (field->decimal_char == NULL)
        field->decimal_char = dup_string (root, "decimalChar");
      if (field->decimal_char == NULL || *field->decimal_char == '\0')
        {
          g_free (field->decimal_char);
          field->decimal_char = g_strdup (".");
        }
      field->group_char = dup_string (item, "groupChar");
      if (field->group_char == NULL)
        field->group_char = dup_string (root, "groupChar");
      if (field->group_char != NULL && *field->group_char == '\0')
        g_clear_pointer (&field->group_char, g_free);
      field->bare_number = !json_object_object_get_ex (item, "bareNumber", &bare) ||
                           !json_object_is_type (bare, json_type_boolean) || json_object_get_boolean (bare);
      field->true_values = dup_strings (item, "trueValues", default_true_values);
      field->false_values = dup_strings (item, "falseValues", default_false_values);
      g_ptr_array_add (schema->fields, field);
    }
  return g_steal_pointer (&schema);
}

/**
 * _moisson_table_schema_lookup:
 *
 * Returns: (nullable): the field named @name, else one named so but for
 *   case
 */
const MoissonSchemaField *
_moisson_table_schema_lookup (const MoissonTableSchema *schema,
                              const char               *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  const MoissonSchemaField *found = NULL;

  for (guint i = 0; i < schema->fields->len; i++)
    {
      const MoissonSchemaField *field = g_ptr_array_index (schema->fields, i);
      g_autofree char *field_folded = NULL;

      if (strcmp (field->name, name) == 0)
        return field;
      if (found == NULL && strcmp (field_folded = g_utf8_casefold (field->name, -1), folded) == 0)
        found = field;
    }
  return found;
}

static gboolean
in_list (const char * const *list,
         const char         *text,
         gsize               length)
{
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    if (strlen (list[i]) == length && memcmp (list[i], text, length) == 0)
      return TRUE;
  return FALSE;
}

/* Whether the cell is one of the schema's missingValues: "", "NA", "-"… */
gboolean
_moisson_table_schema_is_missing (const MoissonTableSchema *schema,
                                  const char               *text,
                                  gsize                     length)
{
  return in_list ((const char * const *) schema->missing_values, text, length);
}

/* A number as the field writes it: "1 234,5" with groupChar " " and
 * decimalChar ","; without bareNumber, "95 %" and "€ 12" too. */
static gboolean
read_number (const MoissonSchemaField *field,
             const char               *text,
             gsize                     length,
             gboolean                  integer,
             MoissonSchemaValue       *value)
{
  const char *decimal = field->decimal_char;
  const char *group = field->group_char;
  gsize decimal_length = strlen (decimal);
  gsize group_length = group != NULL ? strlen (group) : 0;
  const char *p = text, *end = text + length;
  char buffer[64];
  char *parsed = NULL;
  gsize n = 0;

  if (!field->bare_number)
    {
      while (p < end && !g_ascii_isdigit (*p) && *p != '-' && *p != '+' && *p != *decimal)
        p++;
      while (end > p && !g_ascii_isdigit (end[-1]))
        end--;
    }
  while (p < end)
    {
      if (group_length > 0 && (gsize) (end - p) >= group_length && memcmp (p, group, group_length) == 0)
        p += group_length;
      else if (!integer && (gsize) (end - p) >= decimal_length && memcmp (p, decimal, decimal_length) == 0)
        {
          if (n + 1 >= sizeof buffer)
            return FALSE;
          buffer[n++] = '.';
          p += decimal_length;
        }
      else if (g_ascii_isdigit (*p) || *p == '-' || *p == '+' || (!integer && (*p == 'e' || *p == 'E')))
        {
          if (n + 1 >= sizeof buffer)
            return FALSE;
          buffer[n++] = *p++;
        }
      else
        return FALSE;
    }
  buffer[n] = '\0';
  if (n == 0)
    return FALSE;
  if (integer)
    {
      errno = 0;
      value->integer = g_ascii_strtoll (buffer, &parsed, 10);
      value->kind = MOISSON_SCHEMA_VALUE_INTEGER;
      return *parsed == '\0' && parsed != buffer && errno == 0;
    }
  value->number = g_ascii_strtod (buffer, &parsed);
  value->kind = MOISSON_SCHEMA_VALUE_NUMBER;
  return *parsed == '\0' && parsed != buffer && isfinite (value->number);
}

/* Up to @max digits, at least one; -1 for none. */
static int
read_digits (const char **p,
             const char  *end,
             guint        max)
{
  int number = 0;
  guint n = 0;

  while (*p < end && n < max && g_ascii_isdigit (**p))
    {
      number = number * 10 + (**p - '0');
      (*p)++;
      n++;
    }
  return n > 0 ? number : -1;
}

/* A date or a time as @format (strptime's: %Y %y %m %d %H %M %S, as
 * Python reads them) writes it; other directives are not read. */
static gboolean
read_with_format (const char *format,
                  const char *text,
                  gsize       length,
                  int         parts[6])
{
  const char *p = text, *end = text + length;

  if (g_str_has_prefix (format, "fmt:"))
    format += strlen ("fmt:");
  for (const char *f = format; *f != '\0'; f++)
    {
      int number;

      if (*f != '%' || f[1] == '%')
        {
          f += *f == '%';
          if (p >= end || *p != *f)
            return FALSE;
          p++;
          continue;
        }
      f++;
      switch (*f)
        {
        case 'Y':
          if ((number = read_digits (&p, end, 4)) < 0)
            return FALSE;
          parts[0] = number;
          break;
        case 'y':
          if ((number = read_digits (&p, end, 2)) < 0)
            return FALSE;
          /* As POSIX and Python read them: 69–99 are 1969–1999. */
          parts[0] = number < 69 ? 2000 + number : 1900 + number;
          break;
        case 'm':
        case 'd':
        case 'H':
        case 'M':
        case 'S':
          if ((number = read_digits (&p, end, 2)) < 0)
            return FALSE;
          parts[strchr ("YmdHMS", *f) - "YmdHMS"] = number;
          break;
        default:
          return FALSE;
        }
    }
  return p == end;
}

/* ISO 8601 as the specification's default formats: "2022-06-02",
 * "2022-06-02T10:05:00Z" (a fraction and a zone may follow the seconds). */
static gboolean
read_iso (const char *text,
          gsize       length,
          gboolean    with_time,
          int         parts[6])
{
  if (!read_with_format (with_time ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d", text, MIN (length, with_time ? 19 : 10), parts))
    return FALSE;
  if (!with_time)
    return length == 10;
  for (gsize i = 19; i < length; i++)
    if (!g_ascii_isdigit (text[i]) && strchr (".,Z+-:", text[i]) == NULL)
      return FALSE;
  return length >= 19;
}

static gboolean
read_date (const MoissonSchemaField *field,
           const char               *text,
           gsize                     length,
           MoissonSchemaValue       *value)
{
  gboolean with_time = field->type == MOISSON_SCHEMA_TYPE_DATETIME;
  int parts[6] = { -1, 1, 1, 0, 0, 0 };
  gboolean read;

  value->kind = MOISSON_SCHEMA_VALUE_DATE;
  if (g_strcmp0 (field->format, "any") == 0)
    {
      /* Whatever it is: the year is found in the text. */
      value->kind = MOISSON_SCHEMA_VALUE_TEXT;
      return TRUE;
    }
  read = field->format != NULL ? read_with_format (field->format, text, length, parts)
                               : read_iso (text, length, with_time, parts);
  if (!read || parts[0] < 0 || parts[1] < 1 || parts[1] > 12 || parts[2] < 1 || parts[2] > 31 ||
      parts[3] > 24 || parts[4] > 59 || parts[5] > 60)
    return FALSE;
  if (with_time)
    g_snprintf (value->text, sizeof value->text, "%04d-%02d-%02dT%02d:%02d:%02d",
                parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
  else
    g_snprintf (value->text, sizeof value->text, "%04d-%02d-%02d", parts[0], parts[1], parts[2]);
  return TRUE;
}

/* Two numbers with a decimal point, split by a comma: "4.89, 44.93". */
static gboolean
read_pair (const char *text,
           gsize       length,
           double     *first,
           double     *second)
{
  char buffer[128];
  char *comma, *end;

  if (length >= sizeof buffer)
    return FALSE;
  memcpy (buffer, text, length);
  buffer[length] = '\0';
  if ((comma = strchr (buffer, ',')) == NULL)
    return FALSE;
  *comma = '\0';
  *first = g_ascii_strtod (g_strstrip (buffer), &end);
  if (end == buffer || *end != '\0' || !isfinite (*first))
    return FALSE;
  *second = g_ascii_strtod (g_strstrip (comma + 1), &end);
  return end != comma + 1 && *end == '\0' && isfinite (*second);
}

/* "lon, lat" (the default), "[lon, lat]" (array) or {"lon": …, "lat": …}
 * (object), in degrees. */
static gboolean
read_geopoint (const MoissonSchemaField *field,
               const char               *text,
               gsize                     length,
               MoissonSchemaValue       *value)
{
  value->kind = MOISSON_SCHEMA_VALUE_POINT;
  if (g_strcmp0 (field->format, "object") == 0)
    {
      g_autofree char *copy = g_strndup (text, MIN (length, 1024));
      g_autoptr(json_object) object = json_tokener_parse (copy);
      json_object *lat, *lon;

      if (!json_object_is_type (object, json_type_object) || json_object_object_length (object) != 2 ||
          !json_object_object_get_ex (object, "lat", &lat) || !json_object_object_get_ex (object, "lon", &lon) ||
          !(json_object_is_type (lat, json_type_double) || json_object_is_type (lat, json_type_int)) ||
          !(json_object_is_type (lon, json_type_double) || json_object_is_type (lon, json_type_int)))
        return FALSE;
      value->lat = json_object_get_double (lat);
      value->lon = json_object_get_double (lon);
    }
  else if (g_strcmp0 (field->format, "array") == 0)
    {
      if (length < 2 || text[0] != '[' || text[length - 1] != ']' ||
          !read_pair (text + 1, length - 2, &value->lon, &value->lat))
        return FALSE;
    }
  else if (!read_pair (text, length, &value->lon, &value->lat))
    return FALSE;
  return isfinite (value->lat) && isfinite (value->lon) && fabs (value->lat) <= 90 && fabs (value->lon) <= 180;
}

/**
 * _moisson_schema_field_read:
 * @text: a cell, trimmed, neither empty nor missing
 * @value: (out): what it holds
 *
 * Returns: whether @text is of the field's type; if not, @value says
 *   %MOISSON_SCHEMA_VALUE_TEXT
 */
gboolean
_moisson_schema_field_read (const MoissonSchemaField *field,
                            const char               *text,
                            gsize                     length,
                            MoissonSchemaValue       *value)
{
  gboolean read = TRUE;

  value->kind = MOISSON_SCHEMA_VALUE_TEXT;
  switch (field->type)
    {
    case MOISSON_SCHEMA_TYPE_NUMBER:
      read = read_number (field, text, length, FALSE, value);
      break;
    case MOISSON_SCHEMA_TYPE_INTEGER:
      read = read_number (field, text, length, TRUE, value);
      break;
    case MOISSON_SCHEMA_TYPE_BOOLEAN:
      value->kind = MOISSON_SCHEMA_VALUE_BOOLEAN;
      value->boolean = in_list ((const char * const *) field->true_values, text, length);
      read = value->boolean || in_list ((const char * const *) field->false_values, text, length);
      break;
    case MOISSON_SCHEMA_TYPE_DATE:
    case MOISSON_SCHEMA_TYPE_DATETIME:
      read = read_date (field, text, length, value);
      break;
    case MOISSON_SCHEMA_TYPE_YEAR:
      {
        const char *p = text;
        int year = read_digits (&p, text + length, 4);

        value->kind = MOISSON_SCHEMA_VALUE_INTEGER;
        value->integer = year;
        read = year >= 0 && p == text + length;
      }
      break;
    case MOISSON_SCHEMA_TYPE_GEOPOINT:
      read = read_geopoint (field, text, length, value);
      break;
    case MOISSON_SCHEMA_TYPE_STRING:
    default:
      break;
    }
  if (!read)
    value->kind = MOISSON_SCHEMA_VALUE_TEXT;
  return read;
}
