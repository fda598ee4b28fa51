/**
 * SQLite's newest-first search index (migration 4, src/store/sqlite/search.ts) must return exactly what
 * the general row-check path returns: same events, same order, same cursors, for every filter and
 * combination, after ingest, bulk loading and review edits (the index follows the tables by triggers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlStore, type SqlStore } from '../../src/store/sql-store.js';
import type { EventQuery, Grade } from '../../src/store/types.js';
import { GRADES } from '../../src/store/types.js';
import { boxCells, dayKey, keyDay, matchFor, passageWords, searchPlan } from '../../src/store/sqlite/search.js';
import { ACTORS, KINDS, PLACES, WEAPONS, makeInput, makeRecord, rng, syntheticInput } from './generate.js';
import { bulkFill, word } from './bulk.js';
import { eventSummary, page } from '../../src/server/dto.js';

let dir: string;
let store: SqlStore;
const ctx = { userName: 'tester', userId: null };

/** The general path: the same store with the dialect's fast path hidden. */
async function general<T>(fn: () => Promise<T>): Promise<T> {
  const d = store.dialect as unknown as { eventPageIds?: unknown };
  d.eventPageIds = undefined;
  try {
    return await fn();
  } finally {
    delete d.eventPageIds;
  }
}

async function pages(q: EventQuery, n = 3): Promise<{ ids: number[][]; cursors: (string | null)[] }> {
  const ids: number[][] = [];
  const cursors: (string | null)[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < n; i++) {
    const p = await store.queryEventSummaries({ ...q, cursor });
    ids.push(p.items.map((e) => e.id));
    cursors.push(p.nextCursor);
    if (!p.nextCursor) break;
    cursor = p.nextCursor;
  }
  return { ids, cursors };
}

function randomQuery(r: () => number): EventQuery {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const q: EventQuery = { limit: pick([1, 5, 20]) };
  const day = () => `2021-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  const filters: (() => void)[] = [
    () => { q.since = r() < 0.2 ? day().slice(0, 7) : day(); },
    () => { q.until = r() < 0.2 ? `2023-0${1 + Math.floor(r() * 9)}` : `2023-${day().slice(5)}`; },
    () => {
      const p = pick(PLACES);
      const h = pick([0.01, 0.2, 0.6, 2, 9, 40]);
      q.bbox = [Math.max(-180, p.lon - h), Math.max(-90, p.lat - h), Math.min(180, p.lon + h * r()), Math.min(90, p.lat + h * r())];
    },
    () => { q.place = pick([pick(PLACES).name, pick(PLACES).admin1, 'Town', 'town b1', 'SY', 'Iraq', 'province 1']); },
    () => { q.type = pick([...KINDS.map((k) => k.eventType), ...KINDS.map((k) => k.subEventType), 'air strike', 'BATTLES', 'Riots']); },
    () => { q.actor = pick([...ACTORS, 'military forces', 'islamic', 'military-forces-of-russia', 'Nobody']); },
    () => { q.weapon = pick([...WEAPONS.map((w) => w.name), 'cluster munitions', 'concern', 'small-arms', 'barrel-bomb', 'art']); },
    () => { q.grade = r() < 0.5 ? pick(GRADES) : [pick(GRADES), pick(GRADES)] as Grade[]; },
    () => { q.text = pick([word(Math.floor(r() * 30)), `${word(Math.floor(r() * 10))} ${word(Math.floor(r() * 200))}`, 'killed', 'Town', 'people killed', '"; DROP', 'ka*']); },
    () => { q.includeRejected = true; },
    () => { q.includeHistorical = true; },
    () => { q.status = r() < 0.5 ? ['rejected'] : ['pending', 'accepted']; },
  ];
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) pick(filters)();
  return q;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-search-'));
  store = await openSqlStore(join(dir, 'v.db'));
  // Through ingest (triggers), then a bulk load (one-pass rebuild), then more ingest on top.
  for (let i = 0; i < 60; i++) await store.ingestDocument(syntheticInput(i, 3));
  bulkFill(store, { events: 3000, seed: 5 });
  for (let i = 60; i < 90; i++) await store.ingestDocument(syntheticInput(i, 3));
  // An event with no date, no place and no actors.
  const t = 'A report with nothing to place or date.';
  await store.ingestDocument(makeInput({ text: t, records: (d) => [{ ...makeRecord({ docId: d, text: t, date: null, place: null }), actors: [] }] }));
  // Review edits move events between filters.
  const page = await store.queryEvents({ limit: 40 });
  const r = rng(17);
  for (const [i, e] of page.items.entries()) {
    const edits: [string, unknown][] = [
      ['eventType', 'Battles'], ['subEventType', 'Armed clash'], ['kind', 'armed clash'],
      ['dateStart', '2019-05-0' + (1 + (i % 9))], ['lat', 10 + r()], ['lon', -5 + r()], ['historical', true],
      ['actors', ['Edited Actor', 'Military Forces of Russia']], ['weapons', ['rifle']],
    ];
    if (i % 5 === 0) await store.review({ action: 'reject', target: 'event', id: e.id }, ctx);
    else if (i % 5 === 1) await store.review({ action: 'accept', target: 'event', id: e.id }, ctx);
    const [field, value] = edits[i % edits.length];
    await store.review({ action: 'edit', target: 'event', id: e.id, field, value }, ctx).catch(() => undefined);
  }
}, 120_000);

afterAll(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sqlite search index', () => {
  it('packs sort dates into keys in the order of the text', () => {
    const days = ['', '0001-01-01', '1999-12-31', '2000-01-01', '2021-02-28', '2021-03', '2021-03-01', '2021-12-31', '2022-01-01', '9999-12-31'];
    const keys = days.map((d) => dayKey(d)!);
    for (let i = 1; i < keys.length; i++) expect(keys[i]).toBeGreaterThan(keys[i - 1]);
    expect(Number.isSafeInteger(dayKey('9999-12-31')! + 2 ** 31 - 1)).toBe(true);
    for (const d of days.filter((x) => x.length !== 7)) expect(keyDay(dayKey(d)! + 12345)).toBe(d);
    expect(dayKey('2021-13-01')).toBeNull();
  });

  it('covers a box with a few cells of a level that fits it', () => {
    expect(boxCells([36.7, 35.8, 36.9, 35.9])!.length).toBeLessThanOrEqual(16);
    expect(boxCells([36.7, 35.8, 36.9, 35.9])![0]).toMatch(/^zc3x/);
    expect(boxCells([20, 20, 50, 40])![0]).toMatch(/^zc0x/);
    expect(boxCells([-180, -90, 180, 90])).toBeNull();
  });

  it('keeps hostile text out of the FTS5 syntax', () => {
    const plan = searchPlan({ text: 'a" OR b NEAR(c) *', actor: '" OR 1' }, () => []);
    const m = matchFor(plan!, '2024');
    // Every value is hex inside an FTS5 string: operators, quotes and brackets never reach the parser.
    expect(m).toBe(`("y2024zi${Buffer.from('" OR 1').toString('hex')}" AND "y2024zb61" AND "y2024zb6f72" AND "y2024zb62" AND "y2024zb6e656172" AND "y2024zb63") NOT ("y2024zs${Buffer.from('rejected').toString('hex')}" OR "y2024zh1")`);
  });

  it('folds passage words like the row check', () => {
    expect(passageWords('Frappe à Sarāqib, SARAQIB; l\'aéroport')).toEqual(['frappe', 'a', 'saraqib', 'l', 'aeroport']);
  });

  it('answers every filter and combination exactly like the general path, page after page', async () => {
    const r = rng(4242);
    let used = 0;
    for (let i = 0; i < 400; i++) {
      const q = randomQuery(r);
      const fast = await pages(q);
      const slow = await general(() => pages(q));
      expect(fast, JSON.stringify(q)).toEqual(slow);
      if (searchPlan(q, () => null)) used++;
    }
    expect(used).toBeGreaterThan(250); // most random queries went through the index
  }, 120_000);

  it('builds the API page JSON in SQLite exactly as the server maps summaries', async () => {
    const r = rng(99);
    for (let i = 0; i < 60; i++) {
      const q = randomQuery(r);
      const json = await store.eventSummaryPageJson(q);
      const expected = JSON.parse(JSON.stringify(page(await store.queryEventSummaries(q), eventSummary)));
      expect(JSON.parse(json!), JSON.stringify(q)).toEqual(expected);
    }
    // Unreadable actor JSON falls back to [] on both paths.
    const [e] = (await store.queryEvents({ limit: 1 })).items;
    await store.dialect.run(`UPDATE events SET actors = 'not json' WHERE id = ?`, [e.id]);
    const q = { since: e.dateStart ?? undefined, until: e.dateStart ?? undefined, limit: 1000 };
    expect(JSON.parse((await store.eventSummaryPageJson(q))!)).toEqual(JSON.parse(JSON.stringify(page(await store.queryEventSummaries(q), eventSummary))));
  });

  it('follows deletions of actors and weapons and a changed date', async () => {
    const [e] = (await store.queryEvents({ actor: 'Edited Actor', limit: 1, includeHistorical: true, includeRejected: true })).items;
    expect(e).toBeDefined();
    await store.review({ action: 'edit', target: 'event', id: e.id, field: 'actors', value: ['Someone Else'] }, ctx);
    await store.review({ action: 'edit', target: 'event', id: e.id, field: 'dateStart', value: '2010-01-02' }, ctx);
    for (const q of [{ actor: 'Someone Else' }, { actor: 'Edited Actor' }, { since: '2010-01-01', until: '2010-01-03', type: e.eventType ?? 'Battles' }] as EventQuery[]) {
      const all = { ...q, includeHistorical: true, includeRejected: true };
      expect(await pages(all)).toEqual(await general(() => pages(all)));
    }
    expect((await store.queryEvents({ actor: 'Someone Else', includeHistorical: true, includeRejected: true })).items.map((x) => x.id)).toContain(e.id);
  });
});
