/**
 * Event store benchmark (SQLite):
 *  1. ingest rate: synthetic reports through Store.ingestDocument (one transaction each, with
 *     incremental clustering, original bytes and custody entry): documents per second;
 *  2. filtered queries at 1 million events (rows bulk-loaded through the same column mapping and
 *     FTS5 / R*Tree triggers): p50 / p95 latency per filter and over all of them (target p95 <= 50 ms);
 *  3. peak memory (max RSS).
 *   npm run bench -- store            (BENCH_EVENTS=200000 for a quicker run; BENCH_DB=path keeps the file)
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlStore } from '../../src/store/sql-store.js';
import type { EventQuery } from '../../src/store/types.js';
import { PLACES, syntheticInput, rng } from '../../test/store/generate.js';
import { bulkFill, word } from '../../test/store/bulk.js';

const N_EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const N_INGEST = Number(process.env.BENCH_INGEST ?? 2000);
const REPS = Number(process.env.BENCH_REPS ?? 40);

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-store-'));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function ingestRate(): Promise<void> {
  const store = await openSqlStore(join(dir, 'ingest.db'));
  const inputs = Array.from({ length: N_INGEST }, (_, i) => syntheticInput(i, 5));
  const t0 = performance.now();
  let events = 0;
  for (const inp of inputs) events += (await store.ingestDocument(inp)).eventIds.length;
  const s = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  for (const inp of inputs.slice(0, 500)) await store.ingestDocument(inp);
  const dupS = (performance.now() - t1) / 1000;
  const st = await store.stats();
  await store.close();
  console.log(`ingest: ${N_INGEST} documents (${events} events, ${st.incidents} incidents) in ${s.toFixed(1)} s = ${(N_INGEST / s).toFixed(0)} documents/s (${(events / s).toFixed(0)} events/s); duplicates: ${(500 / dupS).toFixed(0)} documents/s`);
  console.log('        (store only: one transaction per document with original, events, clustering, custody; extraction not included)');
}

async function queries(): Promise<void> {
  const path = process.env.BENCH_DB ?? join(dir, 'million.db');
  const fresh = !existsSync(path);
  const store = await openSqlStore(path);
  if (fresh) {
    const t0 = performance.now();
    bulkFill(store, { events: N_EVENTS, onProgress: (n) => { if (n % 200_000 === 0) process.stderr.write(`  loaded ${n} events\n`); } });
    console.log(`bulk load: ${N_EVENTS} events in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const st = await store.stats();
  console.log(`store: ${st.events} events, ${st.documents} documents, ${st.incidents} incidents`);
  const r = rng(99);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const month = () => { const m = 1 + Math.floor(r() * 36); const y = 2021 + Math.floor((m - 1) / 12); const mm = String(((m - 1) % 12) + 1).padStart(2, '0'); return [`${y}-${mm}-01`, `${y}-${mm}-28`]; };
  const box = (deg: number): [number, number, number, number] => { const p = pick(PLACES); return [p.lon - deg, p.lat - deg, p.lon + deg, p.lat + deg]; };
  const cases: [string, () => EventQuery][] = [
    ['no filter (newest 100)', () => ({})],
    ['time: one month', () => { const [a, b] = month(); return { since: a, until: b }; }],
    ['bbox 0.5 deg', () => ({ bbox: box(0.25) })],
    ['bbox 4 deg', () => ({ bbox: box(2) })],
    ['bbox + month', () => { const [a, b] = month(); return { bbox: box(1), since: a, until: b }; }],
    ['place (town prefix)', () => ({ place: pick(PLACES).name })],
    ['place (admin1)', () => ({ place: pick(PLACES).admin1 })],
    ['type (sub-event)', () => ({ type: pick(['Air/drone strike', 'Shelling/artillery/missile attack', 'Armed clash']) })],
    ['actor', () => ({ actor: pick(['Islamic State', 'Military Forces of Russia', 'Rebel Group Delta']) })],
    ['weapon', () => ({ weapon: pick(['cluster munition', 'barrel bomb', 'rifle']) })],
    ['weapon of concern + month', () => { const [a, b] = month(); return { weapon: 'concern', since: a, until: b }; }],
    ['grade', () => ({ grade: pick(['confirmed', 'contested'] as const) })],
    ['text: common word', () => ({ text: word(Math.floor(r() * 5)) })],
    ['text: rare word', () => ({ text: word(2000 + Math.floor(r() * 2000)) })],
    ['text + bbox', () => ({ text: word(Math.floor(r() * 40)), bbox: box(2) })],
    ['type + actor + month', () => { const [a, b] = month(); return { type: 'Air/drone strike', actor: 'Military Forces of Russia', since: a, until: b }; }],
  ];
  // Each query runs twice: as the list / map page the API serves (queryEventSummaries: narrow columns)
  // and as full rows with the record JSON (queryEvents: what exports and the CLI read).
  const all: number[] = [];
  const allFull: number[] = [];
  console.log('\nfiltered event queries (100 rows per page, newest first), ms:');
  console.log('query'.padEnd(30), 'list p50'.padStart(9), 'p95'.padStart(7), ' full p50'.padStart(9), 'p95'.padStart(7), 'rows'.padStart(6));
  for (const [name, make] of cases) {
    const times: number[] = [];
    const full: number[] = [];
    let rows = 0;
    for (let i = 0; i < REPS; i++) {
      const q = make();
      // Alternate which runs first, so neither always finds the pages the other brought into memory.
      for (const kind of i % 2 === 0 ? ['list', 'full'] : ['full', 'list']) {
        const t = performance.now();
        if (kind === 'list') {
          rows += (await store.queryEventSummaries({ ...q, limit: 100 })).items.length;
          times.push(performance.now() - t);
        } else {
          await store.queryEvents({ ...q, limit: 100 });
          full.push(performance.now() - t);
        }
      }
    }
    all.push(...times);
    allFull.push(...full);
    console.log(name.padEnd(30), pct(times, 50).toFixed(1).padStart(9), pct(times, 95).toFixed(1).padStart(7), pct(full, 50).toFixed(1).padStart(9), pct(full, 95).toFixed(1).padStart(7), String(Math.round(rows / REPS)).padStart(6));
  }
  console.log('ALL'.padEnd(30), pct(all, 50).toFixed(1).padStart(9), pct(all, 95).toFixed(1).padStart(7), pct(allFull, 50).toFixed(1).padStart(9), pct(allFull, 95).toFixed(1).padStart(7));
  console.log(`load average at the end: ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const itimes: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const [a, b] = month();
    const t = performance.now();
    await store.queryIncidents({ since: a, until: b, bbox: box(2), limit: 100 });
    itimes.push(performance.now() - t);
  }
  console.log('incidents: month + bbox'.padEnd(30), pct(itimes, 50).toFixed(1).padStart(7), pct(itimes, 95).toFixed(1).padStart(7));
  await store.close();
}

try {
  if (N_INGEST > 0) await ingestRate();
  await queries();
  // SQLite reads through a memory map: touched pages of the database file count in RSS (shared file
  // cache the kernel can drop), so the anonymous part is printed too.
  const status = (await import('node:fs')).readFileSync('/proc/self/status', 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  console.log(`\npeak memory (max RSS): ${mb(process.resourceUsage().maxRSS)}; now: anonymous ${mb(kb('RssAnon'))}, file-backed (mmap) ${mb(kb('RssFile'))}; JS heap ${mb(process.memoryUsage().heapUsed / 1024)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
