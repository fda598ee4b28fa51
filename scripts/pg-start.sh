#!/usr/bin/env bash
# Start a throwaway PostgreSQL + PostGIS cluster on a free loopback port and print its URL.
#
#   scripts/pg-start.sh [--fast] [DIR]      # DIR defaults to a new /tmp/vigil-pg.XXXXXX
#   export VIGIL_DATABASE_URL=$(scripts/pg-start.sh | tail -1)
#   scripts/pg-stop.sh DIR                  # DIR is printed on stderr and stored in DIR/url
#
# Needs Debian's postgresql-15 and postgresql-15-postgis-3 packages (PG_BIN overrides the binaries'
# folder). As root, the cluster runs as the `postgres` user (initdb refuses root). --fast turns off
# fsync for test suites; never use it for data you want to keep.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
FAST=0
if [ "${1:-}" = "--fast" ]; then FAST=1; shift; fi
DIR=${1:-$(mktemp -d /tmp/vigil-pg.XXXXXX)}

if [ ! -x "$PG_BIN/initdb" ]; then
  echo "pg-start: no PostgreSQL binaries in $PG_BIN; install them: apt-get install -y postgresql-15 postgresql-15-postgis-3" >&2
  exit 2
fi
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DIR"; chmod 700 "$DIR"; fi

if [ ! -f "$DIR/data/PG_VERSION" ]; then
  as_pg "$PG_BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || {
    cat "$DIR/initdb.log" >&2; exit 1; }
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
OPTS="-c listen_addresses=127.0.0.1 -k $DIR"
if [ "$FAST" = 1 ]; then OPTS="$OPTS -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi

started=0
for _ in $(seq 1 20); do
  PORT=$(( 55000 + RANDOM % 5000 ))
  port_free "$PORT" || continue
  if as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -o "-p $PORT $OPTS" -w -t 60 start >/dev/null 2>&1; then
    started=1; break
  fi
done
if [ "$started" != 1 ]; then
  echo "pg-start: the server did not start; see $DIR/server.log" >&2
  tail -20 "$DIR/server.log" >&2 || true
  exit 1
fi

"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -c "SELECT 1 FROM pg_database WHERE datname = 'vigil'" -tA | grep -q 1 \
  || "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres vigil
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d vigil -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION IF NOT EXISTS postgis' >/dev/null

URL="postgres://postgres@127.0.0.1:$PORT/vigil"
echo "$URL" >"$DIR/url"
echo "$PORT" >"$DIR/port"
echo "pg-start: PostgreSQL + PostGIS running in $DIR (stop: scripts/pg-stop.sh $DIR)" >&2
echo "$URL"
