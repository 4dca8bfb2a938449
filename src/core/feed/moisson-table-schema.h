/* moisson-table-schema.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A Table Schema (https://specs.frictionlessdata.io/table-schema/, the
 * format of schema.data.gouv.fr), as far as reading a CSV table as a feed
 * needs it: the type of each column, its title, and what stands for an
 * empty cell. Internal to the reading of feeds. */

typedef enum
{
  MOISSON_SCHEMA_TYPE_STRING,     /* and every type read as text: any, object, duration… */
  MOISSON_SCHEMA_TYPE_NUMBER,
  MOISSON_SCHEMA_TYPE_INTEGER,
  MOISSON_SCHEMA_TYPE_BOOLEAN,
  MOISSON_SCHEMA_TYPE_DATE,
  MOISSON_SCHEMA_TYPE_DATETIME,
  MOISSON_SCHEMA_TYPE_YEAR,
  MOISSON_SCHEMA_TYPE_GEOPOINT,
} MoissonSchemaType;

typedef struct
{
  char *name;
  char *title;              /* NULL when it has none */
  MoissonSchemaType type;
  char *format;             /* NULL for "default" */
  char *decimal_char;       /* of numbers: "." unless said */
  char *group_char;         /* NULL for none */
  gboolean bare_number;
  GStrv true_values;
  GStrv false_values;
} MoissonSchemaField;

typedef struct
{
  GPtrArray *fields;        /* MoissonSchemaField */
  GStrv missing_values;
} MoissonTableSchema;

/* What a cell holds, as its field's type reads it. */
typedef enum
{
  MOISSON_SCHEMA_VALUE_TEXT,      /* as written: a string field, or text that is not of its type */
  MOISSON_SCHEMA_VALUE_NUMBER,
  MOISSON_SCHEMA_VALUE_INTEGER,
  MOISSON_SCHEMA_VALUE_BOOLEAN,
  MOISSON_SCHEMA_VALUE_DATE,      /* value.text: ISO 8601 */
  MOISSON_SCHEMA_VALUE_POINT,
} MoissonSchemaValueKind;

typedef struct
{
  MoissonSchemaValueKind kind;
  double number;
  gint64 integer;           /* also a year */
  gboolean boolean;
  double lat, lon;
  char text[32];
} MoissonSchemaValue;

MoissonTableSchema       *_moisson_table_schema_parse      (const char               *data,
                                                            gsize                     length,
                                                            GError                  **error);
void                      _moisson_table_schema_free       (MoissonTableSchema       *schema);
const MoissonSchemaField *_moisson_table_schema_lookup     (const MoissonTableSchema *schema,
                                                            const char               *name);
gboolean                  _moisson_table_schema_is_missing (const MoissonTableSchema *schema,
                                                            const char               *text,
                                                            gsize                     length);
gboolean                  _moisson_schema_field_read       (const MoissonSchemaField *field,
                                                            const char               *text,
                                                            gsize                     length,
                                                            MoissonSchemaValue       *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoissonTableSchema, _moisson_table_schema_free)

G_END_DECLS
