/**
 * Synthetic reports and event records written for the tests and the benchmark (no evaluation data).
 * Deterministic: the same seed gives the same documents.
 */
import { createHash } from 'node:crypto';
import type { EventRecord } from '../../src/model/event.js';
import type { IngestDocumentInput, SourceKind } from '../../src/store/types.js';

export interface Place { name: string; admin1: string; country: string; lat: number; lon: number }

/** Invented towns on a grid (names are made up; coordinates spread over a 10 x 10 degree box). */
export const PLACES: Place[] = Array.from({ length: 400 }, (_, i) => ({
  name: `Town ${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26)}`,
  admin1: `Province ${i % 12}`,
  country: i % 3 === 0 ? 'SY' : i % 3 === 1 ? 'IQ' : 'UA',
  lat: 30 + (i % 20) * 0.5,
  lon: 30 + Math.floor(i / 20) * 0.5,
}));

const SOURCES: { name: string; kind: SourceKind }[] = [
  { name: 'Wire Agency', kind: 'independent-media' },
  { name: 'Ministry Office', kind: 'official' },
  { name: 'Monitor Group', kind: 'observer' },
  { name: 'channel_alpha', kind: 'social-media' },
  { name: 'Relief NGO', kind: 'ngo' },
];

const KINDS = [
  { eventType: 'Explosions/Remote violence', subEventType: 'Air/drone strike', kind: 'air strike', verb: 'struck' },
  { eventType: 'Explosions/Remote violence', subEventType: 'Shelling/artillery/missile attack', kind: 'shelling', verb: 'shelled' },
  { eventType: 'Battles', subEventType: 'Armed clash', kind: 'armed clash', verb: 'clashed near' },
] as const;

const ACTORS = ['Military Forces of Russia', 'Military Forces of Syria', 'Islamic State', 'Rebel Group Delta'];
const WEAPONS = [
  { name: 'cluster munition', weaponId: 'cluster-munition', category: 'cluster', concern: true },
  { name: 'artillery', weaponId: 'artillery', category: 'artillery', concern: false },
  { name: 'barrel bomb', weaponId: 'barrel-bomb', category: 'barrel-bomb', concern: true },
  { name: 'rifle', weaponId: 'rifle', category: 'small-arms', concern: false },
];

/** Small fast PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function isoDay(base: string, plusDays: number): string {
  return new Date(Date.parse(`${base}T00:00:00Z`) + plusDays * 86_400_000).toISOString().slice(0, 10);
}

export interface RecordSpec {
  docId: string;
  n?: number;
  text: string;
  span?: { start: number; end: number };
  date: string | null;
  place: Place | null;
  kind?: (typeof KINDS)[number];
  actors?: string[];
  weapons?: (typeof WEAPONS)[number][];
  fatalities?: number | null;
  historical?: boolean;
}

export function makeRecord(s: RecordSpec): EventRecord {
  const k = s.kind ?? KINDS[0];
  return {
    id: `${s.docId}#${s.n ?? 0}`,
    docId: s.docId,
    eventType: k.eventType,
    subEventType: k.subEventType,
    kind: k.kind,
    date: s.date
      ? { start: s.date, end: s.date, precision: 'day', relative: false, notAfter: null }
      : { start: null, end: null, precision: 'unknown', relative: false, notAfter: null },
    location: s.place
      ? {
          name: s.place.name, mention: s.place.name, lat: s.place.lat, lon: s.place.lon, country: s.place.country,
          admin1: s.place.admin1, admin2: null, placeId: null, precision: 'exact', geoPrecision: 1, confidence: 0.9,
        }
      : null,
    actors: (s.actors ?? [ACTORS[0]]).map((name, i) => ({
      name, actorId: name.toLowerCase().replace(/\W+/g, '-'), category: 'state', role: i === 0 ? 'perpetrator' : 'target', mention: name,
    })),
    weapons: (s.weapons ?? []).map((w) => ({ ...w })),
    fatalities: s.fatalities == null ? null : { low: s.fatalities, best: s.fatalities, high: s.fatalities },
    injured: null,
    civilianFatalities: null,
    strikes: null,
    attribution: { status: 'stated', reporters: [], officialConfirmation: null },
    historical: s.historical ?? false,
    span: s.span ?? { start: 0, end: s.text.length },
    evidence: {},
    extractor: { name: 'vigil', version: 'test', rules: ['test'] },
  };
}

export function sha256(b: Buffer | string): string {
  return createHash('sha256').update(b).digest('hex');
}

export function makeInput(opts: {
  text: string;
  source?: { name: string; kind: SourceKind };
  published?: string | null;
  records?: (docId: string) => EventRecord[];
  origin?: string;
}): IngestDocumentInput {
  const raw = Buffer.from(opts.text, 'utf8');
  const sha = sha256(raw);
  const docId = `sha256:${sha}`;
  return {
    sha256: sha,
    raw,
    mediaType: 'text/plain',
    capturedAt: '2024-03-15T12:00:00.000Z',
    origin: opts.origin ?? 'test',
    source: opts.source ?? SOURCES[0],
    document: { id: docId, source: opts.text, published: opts.published ?? null, url: null, title: null },
    events: opts.records ? opts.records(docId) : [],
  };
}

/** The n-th synthetic report of a seeded series: one to three events at invented towns. */
export function syntheticInput(n: number, seed = 1): IngestDocumentInput {
  const r = rng(seed * 1_000_003 + n);
  const place = PLACES[Math.floor(r() * PLACES.length)];
  const k = KINDS[Math.floor(r() * KINDS.length)];
  const actor = ACTORS[Math.floor(r() * ACTORS.length)];
  const weapon = WEAPONS[Math.floor(r() * WEAPONS.length)];
  const date = isoDay('2023-01-01', Math.floor(r() * 365));
  const deaths = Math.floor(r() * 12);
  const src = SOURCES[Math.floor(r() * SOURCES.length)];
  const text = `Report ${seed}-${n}: ${actor} ${k.verb} ${place.name} in ${place.admin1} on ${date} using ${weapon.name}; ${deaths} people were killed.`;
  const events = 1 + Math.floor(r() * 3);
  return makeInput({
    text,
    source: src,
    published: date,
    origin: `synthetic:${seed}#${n}`,
    records: (docId) =>
      Array.from({ length: events }, (_, i) =>
        makeRecord({
          docId, n: i, text, date: isoDay(date, -i), place: PLACES[(PLACES.indexOf(place) + i * 37) % PLACES.length], kind: k,
          actors: [actor], weapons: [weapon], fatalities: i === 0 ? deaths : null,
        })),
  });
}

export { SOURCES, KINDS, ACTORS, WEAPONS };
