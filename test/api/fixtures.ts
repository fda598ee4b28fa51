/**
 * Test fixtures for the API and browser suites: a real SQLite store in a temp dir, three accounts
 * (admin / analyst / viewer) and a handful of reports written for these tests, stored through the
 * store's ingest API with hand-coded event records whose evidence spans are located in the text.
 * Includes a hostile report (script tag, javascript: links, HTML in the title) to prove the UI
 * renders report text as text.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventRecord } from '../../src/model/event.js';
import { hashPassword } from '../../src/server/auth.js';
import { openStore } from '../../src/store/index.js';
import type { IngestDocumentInput, SourceKind, Store } from '../../src/store/types.js';

/** Cheap scrypt parameters: the tests log in hundreds of times; production uses DEFAULT_HASH. */
export const TEST_HASH = { N: 1 << 10, r: 8, p: 1 };
export const PASSWORDS = { admin: 'admin-password-1', analyst: 'analyst-password-1', viewer: 'viewer-password-1' } as const;

export interface Fixture {
  dir: string;
  dbPath: string;
  store: Store;
  cleanup(): Promise<void>;
}

export async function makeStore(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-api-'));
  const dbPath = join(dir, 'vigil.db');
  const store = await openStore(dbPath);
  return {
    dir,
    dbPath,
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function addUsers(store: Store): Promise<void> {
  for (const role of ['admin', 'analyst', 'viewer'] as const) {
    await store.createUser({ name: role, role, passwordHash: await hashPassword(PASSWORDS[role], TEST_HASH) });
  }
}

interface EventSpec {
  eventType: EventRecord['eventType'];
  subEventType: EventRecord['subEventType'];
  kind: string;
  date: string;
  place: { name: string; lat: number; lon: number; country: string; admin1: string };
  actors?: { name: string; category: string; role: 'perpetrator' | 'target' | 'victim' | 'participant'; mention: string }[];
  weapons?: { name: string; weaponId: string; category: string; concern: boolean; mention: string }[];
  fatalities?: number;
  /** Field -> the words of the text that support it (located with indexOf). */
  evidence: Record<string, string[]>;
}

function at(text: string, words: string): { start: number; end: number; text: string } {
  const i = text.indexOf(words);
  if (i < 0) throw new Error(`fixture evidence "${words}" not in text`);
  return { start: i, end: i + words.length, text: words };
}

export function makeEvent(docKey: string, text: string, n: number, e: EventSpec): EventRecord {
  const evidence: EventRecord['evidence'] = {};
  for (const [field, words] of Object.entries(e.evidence)) evidence[field] = words.map((w) => ({ ...at(text, w), rule: `fixture:${field}` }));
  const range = e.fatalities === undefined ? null : { low: e.fatalities, best: e.fatalities, high: e.fatalities };
  return {
    id: `${docKey}#${n}`,
    docId: docKey,
    eventType: e.eventType,
    subEventType: e.subEventType,
    kind: e.kind,
    date: { start: e.date, end: e.date, precision: 'day', relative: false, notAfter: null },
    location: { name: e.place.name, mention: e.place.name, lat: e.place.lat, lon: e.place.lon, country: e.place.country, admin1: e.place.admin1, admin2: null, placeId: null, precision: 'exact', geoPrecision: 1, confidence: 0.9 },
    actors: (e.actors ?? []).map((a) => ({ ...a, actorId: null })),
    weapons: (e.weapons ?? []).map(({ mention: _m, ...w }) => w),
    fatalities: range,
    injured: null,
    civilianFatalities: range,
    strikes: null,
    attribution: { status: 'stated', reporters: [], officialConfirmation: null },
    historical: false,
    span: { start: 0, end: text.length },
    evidence,
    extractor: { name: 'vigil', version: 'test', rules: ['fixture'] },
  };
}

export interface SampleDoc {
  key: string;
  title: string;
  url: string | null;
  language: string;
  source: { name: string; kind: SourceKind };
  published: string;
  text: string;
  events: EventSpec[];
}

const SARAQIB = { name: 'Saraqib', lat: 35.8646, lon: 36.8042, country: 'SY', admin1: 'Idlib' };
const RUSSIA = { name: 'Military Forces of Russia', category: 'state', role: 'perpetrator' as const, mention: 'Russian warplanes' };
const CLUSTER = { name: 'cluster munition', weaponId: 'cluster-munition', category: 'cluster', concern: true, mention: 'cluster munitions' };

export const SAMPLE_DOCS: SampleDoc[] = [
  {
    key: 'fixture-saraqib-en',
    title: 'Air strike on Saraqib market',
    url: 'https://news.example.org/saraqib-strike',
    language: 'en',
    source: { name: 'Example News', kind: 'independent-media' },
    published: '2024-03-12',
    text:
      'On 12 March 2024, Russian warplanes struck the vegetable market in Saraqib, Idlib province, with cluster munitions, ' +
      'killing 7 civilians and wounding 15 others, local rescuers said.',
    events: [
      {
        eventType: 'Explosions/Remote violence',
        subEventType: 'Air/drone strike',
        kind: 'air strike',
        date: '2024-03-12',
        place: SARAQIB,
        actors: [RUSSIA],
        weapons: [CLUSTER],
        fatalities: 7,
        evidence: { date: ['12 March 2024'], actors: ['Russian warplanes'], trigger: ['struck'], location: ['Saraqib'], weapons: ['cluster munitions'], fatalities: ['killing 7 civilians'] },
      },
    ],
  },
  {
    key: 'fixture-saraqib-ar',
    title: 'غارة على سراقب',
    url: 'https://observer.example.net/ar/saraqib',
    language: 'ar',
    source: { name: 'Example Observatory', kind: 'observer' },
    published: '2024-03-12',
    text: 'قصفت طائرات حربية روسية سوق الخضار في مدينة سراقب بريف إدلب بالذخائر العنقودية يوم 12 آذار 2024، ما أدى إلى مقتل 8 مدنيين.',
    events: [
      {
        eventType: 'Explosions/Remote violence',
        subEventType: 'Air/drone strike',
        kind: 'air strike',
        date: '2024-03-12',
        place: SARAQIB,
        actors: [{ ...RUSSIA, mention: 'طائرات حربية روسية' }],
        weapons: [{ ...CLUSTER, mention: 'بالذخائر العنقودية' }],
        fatalities: 8,
        evidence: { trigger: ['قصفت'], actors: ['طائرات حربية روسية'], location: ['سراقب'], weapons: ['بالذخائر العنقودية'], fatalities: ['مقتل 8 مدنيين'] },
      },
    ],
  },
  {
    key: 'fixture-abu-al-duhur',
    title: 'Shelling near Abu al-Duhur',
    url: 'https://wire.example.com/abu-al-duhur',
    language: 'en',
    source: { name: 'Example Wire', kind: 'independent-media' },
    published: '2024-02-20',
    text: 'Government artillery shelled positions near Abu al-Duhur Air Base on 20 February 2024; two fighters were killed.',
    events: [
      {
        eventType: 'Explosions/Remote violence',
        subEventType: 'Shelling/artillery/missile attack',
        kind: 'shelling',
        date: '2024-02-20',
        place: { name: 'Abu al-Duhur Air Base', lat: 35.7323, lon: 37.1043, country: 'SY', admin1: 'Idlib' },
        actors: [{ name: 'Military Forces of Syria', category: 'state', role: 'perpetrator', mention: 'Government artillery' }],
        weapons: [{ name: 'artillery', weaponId: 'artillery', category: 'artillery', concern: false, mention: 'artillery' }],
        fatalities: 2,
        evidence: { date: ['20 February 2024'], trigger: ['shelled'], location: ['Abu al-Duhur Air Base'], fatalities: ['two fighters were killed'] },
      },
    ],
  },
  {
    key: 'fixture-hostile',
    title: '<img src=x onerror="window.__pwned=3">Protest <script>window.__pwned=5</script>',
    url: 'javascript:window.__pwned=4',
    language: 'en',
    source: { name: '<b onmouseover="window.__pwned=6">Hostile Channel</b>', kind: 'social-media' },
    published: '2024-01-05',
    text:
      'Residents protested in Kafr Nabl on 5 January 2024 <script>window.__pwned=1</script> against the bombing. ' +
      'Read more: <a href="javascript:window.__pwned=2">details</a> or javascript:window.__pwned=7',
    events: [
      {
        eventType: 'Protests',
        subEventType: 'Peaceful protest',
        kind: 'protest',
        date: '2024-01-05',
        place: { name: 'Kafr Nabl', lat: 35.6136, lon: 36.5611, country: 'SY', admin1: 'Idlib' },
        actors: [{ name: 'Protesters (Syria)', category: 'protesters', role: 'participant', mention: 'Residents' }],
        evidence: { trigger: ['protested'], location: ['Kafr Nabl'], date: ['5 January 2024'], notes: ['<script>window.__pwned=1</script>', '<a href="javascript:window.__pwned=2">details</a>'] },
      },
    ],
  },
];

export function ingestInput(d: SampleDoc): IngestDocumentInput {
  const raw = Buffer.from(d.text, 'utf8');
  return {
    sha256: createHash('sha256').update(raw).digest('hex'),
    raw,
    mediaType: 'text/plain',
    capturedAt: `${d.published}T12:00:00.000Z`,
    origin: `test:${d.key}`,
    source: { name: d.source.name, kind: d.source.kind, url: null },
    document: { id: d.key, source: d.text, mediaType: 'text/plain', language: d.language, published: d.published, url: d.url, title: d.title },
    text: d.text,
    language: d.language,
    events: d.events.map((e, i) => makeEvent(d.key, d.text, i, e)),
  };
}

export async function addSamples(store: Store, docs: SampleDoc[] = SAMPLE_DOCS): Promise<void> {
  for (const d of docs) await store.ingestDocument(ingestInput(d));
}
