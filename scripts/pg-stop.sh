#!/usr/bin/env bash
# Stop a cluster started by scripts/pg-start.sh and delete its folder (--keep keeps the data).
#   scripts/pg-stop.sh [--keep] DIR
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
KEEP=0
if [ "${1:-}" = "--keep" ]; then KEEP=1; shift; fi
DIR=${1:?usage: scripts/pg-stop.sh [--keep] DIR}
if [ -f "$DIR/data/postmaster.pid" ]; then
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
  else "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null; fi
fi
# Only ever delete a folder that pg-start.sh made (it holds the url file and a cluster).
if [ "$KEEP" = 0 ] && [ -f "$DIR/url" ] && [ -f "$DIR/data/PG_VERSION" ]; then rm -rf "$DIR"; fi
