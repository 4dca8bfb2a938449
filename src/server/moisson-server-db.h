/* moisson-server-db.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

#define MOISSON_SERVER_DB_ERROR (moisson_server_db_error_quark ())

typedef enum
{
  MOISSON_SERVER_DB_ERROR_UNAVAILABLE,   /* no connection, or it broke */
  MOISSON_SERVER_DB_ERROR_RETRY,         /* a serialization failure or a deadlock */
  MOISSON_SERVER_DB_ERROR_QUERY,         /* any other failure of a statement */
  MOISSON_SERVER_DB_ERROR_MIGRATION,
} MoissonServerDbError;

/* One connection to PostgreSQL, made again when it breaks. */
typedef struct _MoissonServerDb MoissonServerDb;

/* Runs inside a transaction; returns FALSE with @error set to roll it back. */
typedef gboolean (*MoissonServerDbFunc) (MoissonServerDb *db,
                                         gpointer         user_data,
                                         GError         **error);

GQuark           moisson_server_db_error_quark      (void);
MoissonServerDb *moisson_server_db_new              (const char       *conninfo);
void             moisson_server_db_free             (MoissonServerDb  *db);
gboolean         moisson_server_db_ensure           (MoissonServerDb  *db,
                                                     GError          **error);
int              moisson_server_db_get_schema       (MoissonServerDb  *db);
PGresult        *moisson_server_db_exec             (MoissonServerDb  *db,
                                                     const char       *sql,
                                                     int               n_values,
                                                     const char * const *values,
                                                     GError          **error);
gboolean         moisson_server_db_transaction      (MoissonServerDb  *db,
                                                     MoissonServerDbFunc func,
                                                     gpointer          user_data,
                                                     GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoissonServerDb, moisson_server_db_free)

G_END_DECLS
