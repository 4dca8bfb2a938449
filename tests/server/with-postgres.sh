#!/bin/sh
# with-postgres.sh TEST [ARGUMENTS…]: runs TEST inside a PostgreSQL 15
# cluster made for this run and dropped after it (pg_virtualenv, from
# postgresql-common; -t keeps it in a temporary folder, even as root). The
# cluster's address reaches TEST in PGHOST, PGPORT, PGUSER and PGPASSWORD.
# Without PostgreSQL 15 or pg_virtualenv, TEST runs alone and skips.
# Only TEST writes to standard output (TAP): pg_virtualenv's words go to
# standard error.
if command -v pg_virtualenv >/dev/null 2>&1 && [ -x /usr/lib/postgresql/15/bin/postgres ]; then
  exec 3>&1 1>&2
  exec pg_virtualenv -t -v 15 sh -c 'MOISSON_TEST_POSTGRES=1 exec "$@" >&3 3>&-' sh "$@"
fi
exec "$@"
