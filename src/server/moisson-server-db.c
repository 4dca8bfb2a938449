/* moisson-server-db.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-server-db.h"

#include <string.h>

/* The key of the advisory lock that lets one server at a time migrate the
 * schema: "moisson" in ASCII. */
#define MIGRATION_LOCK "120372876914542"
#define MIGRATIONS_PATH "/io/github/moisson/server/migrations"

struct _MoissonServerDb
{
  char *conninfo;
  PGconn *conn;
  int schema;         /* the version of the schema once migrated; 0 before */
  gint64 next_attempt;   /* monotonic time before which no connection is tried */
  gboolean was_connected;   /* once: a new connection is then a reconnection */
};

/* After a failed connection, requests fail at once for this long rather
 * than each wait for a database that does not answer. */
#define RECONNECT_DELAY_US (G_USEC_PER_SEC / 2)

G_DEFINE_QUARK (moisson-server-db-error-quark, moisson_server_db_error)

static gboolean
connection_is_bad (MoissonServerDb *db)
{
  return db->conn == NULL || PQstatus (db->conn) != CONNECTION_OK;
}

static void
set_error_from_result (MoissonServerDb *db,
                       PGresult        *result,
                       const char      *what,
                       GError         **error)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (db->conn);
  g_autofree char *text = g_strstrip (g_strdup (message != NULL ? message : ""));
  int code = MOISSON_SERVER_DB_ERROR_QUERY;

  if (connection_is_bad (db) || (state != NULL && g_str_has_prefix (state, "08"))
      || g_strcmp0 (state, "57P01") == 0 || g_strcmp0 (state, "57P02") == 0 || g_strcmp0 (state, "57P03") == 0)
    code = MOISSON_SERVER_DB_ERROR_UNAVAILABLE;
  else if (g_strcmp0 (state, "40001") == 0 || g_strcmp0 (state, "40P01") == 0)
    code = MOISSON_SERVER_DB_ERROR_RETRY;
  g_set_error (error, MOISSON_SERVER_DB_ERROR, code, "%s: %s%s%s%s", what, text,
               state != NULL ? " (" : "", state != NULL ? state : "", state != NULL ? ")" : "");
}

/**
 * moisson_server_db_exec:
 * @values: (array length=n_values): the parameters $1, $2…, as text
 *
 * Runs one statement with its values passed apart from its text.
 *
 * Returns: (transfer full): the result, which succeeded; %NULL with @error
 */
PGresult *
moisson_server_db_exec (MoissonServerDb    *db,
                        const char         *sql,
                        int                 n_values,
                        const char * const *values,
                        GError            **error)
{
  g_autoptr(PGresult) result = NULL;
  ExecStatusType status;

  if (connection_is_bad (db))
    {
      g_set_error (error, MOISSON_SERVER_DB_ERROR, MOISSON_SERVER_DB_ERROR_UNAVAILABLE,
                   "not connected to the database");
      return NULL;
    }
  result = PQexecParams (db->conn, sql, n_values, NULL, values, NULL, NULL, 0);
  status = result != NULL ? PQresultStatus (result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      set_error_from_result (db, result, "statement failed", error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

static gboolean
exec_simple (MoissonServerDb    *db,
             const char         *sql,
             int                 n_values,
             const char * const *values,
             GError            **error)
{
  g_autoptr(PGresult) result = moisson_server_db_exec (db, sql, n_values, values, error);

  return result != NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Applies the migrations newer than the schema, in one transaction, under
 * an advisory lock: servers that start together wait for the first one,
 * then find nothing left to do. */
static gboolean
migrate (MoissonServerDb  *db,
         GError          **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(PGresult) current = NULL;
  guint n_names;
  int version;

  names = g_resources_enumerate_children (MIGRATIONS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return FALSE;
  n_names = g_strv_length (names);
  qsort (names, n_names, sizeof (char *), compare_names);

  if (!exec_simple (db, "BEGIN", 0, NULL, error))
    return FALSE;
  if (!exec_simple (db, "SELECT pg_advisory_xact_lock (" MIGRATION_LOCK ")", 0, NULL, error)
      || !exec_simple (db, "CREATE TABLE IF NOT EXISTS schema_version ("
                           " version integer PRIMARY KEY,"
                           " name text NOT NULL,"
                           " applied timestamptz NOT NULL DEFAULT now ())", 0, NULL, error))
    goto fail;
  current = moisson_server_db_exec (db, "SELECT coalesce (max (version), 0) FROM schema_version", 0, NULL, error);
  if (current == NULL)
    goto fail;
  version = atoi (PQgetvalue (current, 0, 0));

  for (guint i = 0; i < n_names; i++)
    {
      g_autofree char *path = g_build_path ("/", MIGRATIONS_PATH, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(PGresult) result = NULL;
      g_autofree char *number = NULL;
      const char *values[2];
      int file_version = atoi (names[i]);

      if (file_version <= version)
        continue;
      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        goto fail;
      /* The files of the project, several statements each: no values in them. */
      result = PQexec (db->conn, g_bytes_get_data (bytes, NULL));
      if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
        {
          set_error_from_result (db, result, names[i], error);
          goto fail;
        }
      number = g_strdup_printf ("%d", file_version);
      values[0] = number;
      values[1] = names[i];
      if (!exec_simple (db, "INSERT INTO schema_version (version, name) VALUES ($1, $2)", 2, values, error))
        goto fail;
      g_message ("Database schema migrated to version %d (%s)", file_version, names[i]);
      version = file_version;
    }
  if (!exec_simple (db, "COMMIT", 0, NULL, error))
    return FALSE;
  db->schema = version;
  return TRUE;

fail:
  PQclear (PQexec (db->conn, "ROLLBACK"));
  return FALSE;
}

MoissonServerDb *
moisson_server_db_new (const char *conninfo)
{
  MoissonServerDb *db = g_new0 (MoissonServerDb, 1);

  db->conninfo = g_strdup (conninfo);
  return db;
}

void
moisson_server_db_free (MoissonServerDb *db)
{
  g_clear_pointer (&db->conn, PQfinish);
  g_free (db->conninfo);
  g_free (db);
}

/**
 * moisson_server_db_ensure:
 *
 * Connects, or connects again when the connection broke, and brings the
 * schema up to date the first time. Cheap when all is well.
 *
 * Returns: %FALSE with @error when the database cannot be reached
 */
gboolean
moisson_server_db_ensure (MoissonServerDb  *db,
                          GError          **error)
{
  /* Defaults first: what the address says wins over them. */
  static const char * const keywords[] = { "connect_timeout", "application_name", "dbname", NULL };
  const char *values[] = { "5", "moisson-server", db->conninfo, NULL };

  if (connection_is_bad (db))
    {
      g_clear_pointer (&db->conn, PQfinish);
      if (g_get_monotonic_time () < db->next_attempt)
        {
          g_set_error (error, MOISSON_SERVER_DB_ERROR, MOISSON_SERVER_DB_ERROR_UNAVAILABLE,
                       "cannot connect to the database (tried less than a second ago)");
          return FALSE;
        }
      db->conn = PQconnectdbParams (keywords, values, TRUE);
      if (PQstatus (db->conn) != CONNECTION_OK)
        {
          g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (db->conn)));

          g_clear_pointer (&db->conn, PQfinish);
          db->next_attempt = g_get_monotonic_time () + RECONNECT_DELAY_US;
          g_set_error (error, MOISSON_SERVER_DB_ERROR, MOISSON_SERVER_DB_ERROR_UNAVAILABLE,
                       "cannot connect to the database: %s", message);
          return FALSE;
        }
      g_message ("Connected to the database%s", db->was_connected ? " again" : "");
      db->was_connected = TRUE;
    }
  if (db->schema == 0 && !migrate (db, error))
    {
      if (g_error_matches (*error, MOISSON_SERVER_DB_ERROR, MOISSON_SERVER_DB_ERROR_QUERY))
        (*error)->code = MOISSON_SERVER_DB_ERROR_MIGRATION;
      return FALSE;
    }
  return TRUE;
}

int
moisson_server_db_get_schema (MoissonServerDb *db)
{
  return db->schema;
}

/**
 * moisson_server_db_transaction:
 *
 * Runs @func between BEGIN and COMMIT. A connection found broken at the
 * first statement (the database restarted since the last request) is made
 * again and the transaction run again once; a serialization failure is
 * run again a few times. Whatever else fails rolls everything back.
 */
gboolean
moisson_server_db_transaction (MoissonServerDb     *db,
                               MoissonServerDbFunc  func,
                               gpointer             user_data,
                               GError             **error)
{
  gboolean reconnected = FALSE;

  for (guint attempt = 0; attempt < 5; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean began = FALSE;

      if (!moisson_server_db_ensure (db, &local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (exec_simple (db, "BEGIN", 0, NULL, &local_error))
        {
          began = TRUE;
          if (func (db, user_data, &local_error)
              && exec_simple (db, "COMMIT", 0, NULL, &local_error))
            return TRUE;
        }
      if (!connection_is_bad (db))
        PQclear (PQexec (db->conn, "ROLLBACK"));

      if (g_error_matches (local_error, MOISSON_SERVER_DB_ERROR, MOISSON_SERVER_DB_ERROR_RETRY))
        continue;
      /* A connection that broke before anything was sent: the database
       * came back since. Once only, so that a database down is one error. */
      if (!began && !reconnected
          && g_error_matches (local_error, MOISSON_SERVER_DB_ERROR, MOISSON_SERVER_DB_ERROR_UNAVAILABLE))
        {
          reconnected = TRUE;
          g_clear_pointer (&db->conn, PQfinish);
          continue;
        }
      if (g_error_matches (local_error, MOISSON_SERVER_DB_ERROR, MOISSON_SERVER_DB_ERROR_UNAVAILABLE))
        g_clear_pointer (&db->conn, PQfinish);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_set_error (error, MOISSON_SERVER_DB_ERROR, MOISSON_SERVER_DB_ERROR_RETRY,
               "the transaction kept conflicting with others");
  return FALSE;
}
