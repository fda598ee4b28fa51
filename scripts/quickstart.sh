#!/usr/bin/env bash
# Quick start: install, build, then run Vigil's main job on the sample reports in samples/reports
# (reports written for this project). Writes samples-out/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm run build
mkdir -p samples-out
echo "== Extracting events from the sample reports"
for f in samples/reports/*; do
  echo "-- $f"
  node bin/vigil.js extract "$f" --format table
done
rm -f samples-out/vigil.db samples-out/vigil.db-wal samples-out/vigil.db-shm
echo "== Ingesting them into samples-out/vigil.db and clustering incidents"
node bin/vigil.js ingest samples/reports --db samples-out/vigil.db
node bin/vigil.js incidents --db samples-out/vigil.db
node bin/vigil.js incidents --db samples-out/vigil.db --format geojson > samples-out/incidents.geojson
echo "GeoJSON written to samples-out/incidents.geojson (open it in QGIS or geojson.io)."
