/**
 * HTTP load test of `vigil serve` on loopback: autocannon against GET /api/events over a SQLite store
 * holding BENCH_EVENTS synthetic events (default 1,000,000), authenticated with an API token, with the
 * analyst workload of ./http-workload.ts (newest page, keyset pages, single filters, distinct combined
 * filters, text search). Prints per server set-up and workload: requests per second, latency p50 / p99,
 * errors, the server's CPU time per request (from /proc: the figure that moves least with other load on
 * the machine) and the load average. Target (issue #5): at least 1,000 requests/s with p99 <= 100 ms and
 * zero errors on 2 cores.
 *
 * The database is generated once (rows written with the store's own column mapping, straight into the
 * tables in big transactions; the store's triggers fill its indexes; incident clustering is skipped: every
 * 3 consecutive events share an incident) and reused from BENCH_HTTP_DB (default:
 * $TMPDIR/vigil-bench-http-<N>.db); pending migrations are applied on reuse. The server runs in a child
 * process (`vigil serve`), autocannon in this one.
 *
 * Env: BENCH_EVENTS, BENCH_HTTP_DB, BENCH_SECONDS (per workload, default 15), BENCH_WARMUP (s, default 20),
 * BENCH_CONNECTIONS (default 16), BENCH_SETUPS (comma list of default, nocache, nocache-2w, 2w; default:
 * default,nocache,nocache-2w), BENCH_MIXES (name prefixes of the workloads to run; default all).
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACLED_TAXONOMY, type EventRecord } from '../../src/model/event.js';
import { hashPassword, newApiToken, sha256 } from '../../src/server/auth.js';
import { norm } from '../../src/store/dialect.js';
import { openStore } from '../../src/store/index.js';
import { EVENT_COLUMNS, eventBody, eventColumnValues } from '../../src/store/repositories/rows.js';
import { mixes, type Mix, type Vocabulary } from './http-workload.js';
import { vigilSearchTerms } from '../../src/store/sqlite/search.js';

const N = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const DB = process.env.BENCH_HTTP_DB ?? join(tmpdir(), `vigil-bench-http-${N}.db`);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);
const ROOT = join(import.meta.dirname, '..', '..');

/** Deterministic PRNG (mulberry32) so every run builds the same database. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

/** Synthetic places: a few hundred points spread over several countries' bounding boxes. */
const REGIONS = [
  { country: 'SY', admin1: ['Idlib', 'Aleppo', 'Hama', 'Homs', 'Deir ez-Zor'], box: [35.7, 32.3, 42.3, 37.3] },
  { country: 'UA', admin1: ['Donetsk', 'Kharkiv', 'Zaporizhzhia', 'Kherson', 'Luhansk'], box: [30.0, 46.0, 40.0, 50.5] },
  { country: 'SD', admin1: ['Khartoum', 'North Darfur', 'West Darfur', 'Kordofan'], box: [22.0, 10.0, 36.0, 19.0] },
  { country: 'YE', admin1: ['Sanaa', 'Taiz', 'Marib', 'Al Hudaydah'], box: [42.6, 12.8, 52.0, 18.0] },
  { country: 'ML', admin1: ['Mopti', 'Gao', 'Timbuktu', 'Kidal'], box: [-5.0, 13.0, 4.0, 20.0] },
] as const;
const PLACES = Array.from({ length: 400 }, (_, i) => {
  const r = REGIONS[i % REGIONS.length];
  const [w, s, e, n] = r.box;
  return { name: `Place ${i}`, country: r.country, admin1: pick(r.admin1), lat: s + rand() * (n - s), lon: w + rand() * (e - w) };
});
const ACTORS = ['Military Forces of Syria', 'Military Forces of Russia', 'Military Forces of Ukraine', 'Rapid Support Forces', 'Houthi Movement', 'JNIM', 'Civilians', 'Protesters', 'Unidentified Armed Group'];
const WEAPONS = [
  { name: 'cluster munition', weaponId: 'cluster-munition', category: 'cluster', concern: true },
  { name: 'barrel bomb', weaponId: 'barrel-bomb', category: 'air-dropped', concern: true },
  { name: 'artillery', weaponId: 'artillery', category: 'artillery', concern: false },
  { name: 'drone', weaponId: 'drone', category: 'drone', concern: false },
  { name: 'rocket', weaponId: 'rocket', category: 'rocket', concern: false },
];
const SUBTYPES = Object.entries(ACLED_TAXONOMY).flatMap(([type, subs]) => subs.map((sub) => ({ type, sub })));
const GRADES = ['confirmed', 'fair', 'weak', 'contested', 'discounted'];
const DAY0 = Date.parse('2016-01-01T00:00:00Z');
const DAYS = 9 * 365;

function syntheticEvent(i: number, docKey: string): { rec: EventRecord; text: string } {
  const p = pick(PLACES);
  const st = pick(SUBTYPES);
  const date = new Date(DAY0 + Math.floor(rand() * DAYS) * 86_400_000).toISOString().slice(0, 10);
  const fat = rand() < 0.5 ? Math.floor(rand() * 20) : 0;
  const actor = pick(ACTORS);
  const weapon = rand() < 0.6 ? [pick(WEAPONS)] : [];
  const text = `On ${date} ${actor} ${st.sub.toLowerCase()} in ${p.name}, ${p.admin1}${weapon.length ? ` with ${weapon[0].name}` : ''}; ${fat} killed.`;
  const rec: EventRecord = {
    id: `${docKey}#0`,
    docId: docKey,
    eventType: st.type as EventRecord['eventType'],
    subEventType: st.sub as EventRecord['subEventType'],
    kind: st.sub.toLowerCase(),
    date: { start: date, end: date, precision: 'day', relative: false, notAfter: null },
    location: { name: p.name, mention: p.name, lat: p.lat + (rand() - 0.5) * 0.05, lon: p.lon + (rand() - 0.5) * 0.05, country: p.country, admin1: p.admin1, admin2: null, placeId: null, precision: 'exact', geoPrecision: 1, confidence: 0.9 },
    actors: [{ name: actor, actorId: null, category: 'state', role: 'perpetrator', mention: actor }],
    weapons: weapon,
    fatalities: { low: fat, best: fat, high: fat },
    injured: null,
    civilianFatalities: null,
    strikes: null,
    attribution: { status: 'stated', reporters: [], officialConfirmation: null },
    historical: false,
    span: { start: 0, end: text.length },
    evidence: { location: [{ start: text.indexOf(p.name), end: text.indexOf(p.name) + p.name.length, text: p.name, rule: 'bench' }] },
    extractor: { name: 'vigil', version: 'bench', rules: ['bench'] },
  };
  void i;
  return { rec, text };
}

async function generate(): Promise<void> {
  const t0 = performance.now();
  const store = await openStore(DB);
  await store.close();
  const db = new Database(DB);
  db.function('vigil_search_terms', { deterministic: true }, vigilSearchTerms); // the search index triggers call it
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const now = new Date().toISOString();
  db.prepare('INSERT INTO sources (name, kind, url, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)').run('Bench Source', 'independent-media', now, now);
  const insDoc = db.prepare(
    `INSERT INTO documents (id, sha256, doc_key, source_id, url, title, language, published, captured_at, media_type, origin, text, event_count, created_at)
     VALUES (?, ?, ?, 1, NULL, NULL, 'en', ?, ?, 'text/plain', 'bench', ?, 1, ?)`,
  );
  const insEv = db.prepare(
    `INSERT INTO events (id, document_id, ord, event_key, incident_id, grade, ${EVENT_COLUMNS.join(', ')}, status, created_at, updated_at)
     VALUES (?, ?, 0, ?, ?, ?, ${EVENT_COLUMNS.map(() => '?').join(', ')}, 'pending', ?, ?)`,
  );
  const insActor = db.prepare('INSERT INTO event_actors (event_id, name_norm, actor_id, role) VALUES (?, ?, NULL, ?)');
  const insWeapon = db.prepare('INSERT INTO event_weapons (event_id, name_norm, weapon_id, category, concern) VALUES (?, ?, ?, ?, ?)');
  const insInc = db.prepare(
    `INSERT INTO incidents (id, family, event_type, sub_event_type, kind, date_start, date_end, sort_date, location_name, admin1, country, loc_norm,
       admin1_norm, country_norm, lat, lon, loc_precision, fat_low, fat_best, fat_high, grade, reasons, actors, weapons, event_count, document_count,
       source_count, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '["bench"]', ?, ?, 1, 1, 1, 'pending', ?, ?)`,
  );
  const BATCH = 20_000;
  for (let start = 1; start <= N; start += BATCH) {
    db.transaction(() => {
      for (let id = start; id < Math.min(N + 1, start + BATCH); id++) {
        const key = `bench-${id}`;
        const { rec, text } = syntheticEvent(id, key);
        const incidentId = Math.floor((id - 1) / 3) + 1;
        const grade = GRADES[incidentId % GRADES.length];
        insDoc.run(id, sha256(key), key, rec.date.start, now, text, now);
        const values = eventColumnValues(rec, eventBody(rec, text), rec.date.start);
        if ((id - 1) % 3 === 0) {
          const v = Object.fromEntries(EVENT_COLUMNS.map((c, k) => [c, values[k]]));
          insInc.run(incidentId, v.family, v.event_type, v.sub_event_type, v.kind, v.date_start, v.date_end, v.sort_date, v.location_name, v.admin1, v.country,
            v.loc_norm, v.admin1_norm, v.country_norm, v.lat, v.lon, v.loc_precision, v.fat_low, v.fat_best, v.fat_high, grade, v.actors, v.weapons, now, now);
        }
        insEv.run(id, id, rec.id, incidentId, grade, ...(values as never[]), now, now);
        for (const a of rec.actors) insActor.run(id, norm(a.name) ?? '', a.role);
        for (const w of rec.weapons) insWeapon.run(id, norm(w.name) ?? '', w.weaponId, w.category, w.concern ? 1 : 0);
      }
    })();
    if ((start - 1) % 200_000 === 0) process.stdout.write(`  generated ${start - 1 + BATCH} / ${N} events (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  db.exec('ANALYZE');
  db.close();
  console.log(`generated ${N} events in ${((performance.now() - t0) / 1000).toFixed(1)} s -> ${DB}`);
}

async function token(): Promise<string> {
  const store = await openStore(DB);
  try {
    const name = 'bench';
    const u = (await store.getUserByName(name)) ?? (await store.createUser({ name, role: 'viewer', passwordHash: await hashPassword(newApiToken()) }));
    const t = newApiToken();
    await store.createApiToken({ userId: u.id, name: 'http bench', tokenHash: sha256(t) });
    return t;
  } finally {
    await store.close();
  }
}

interface ServerSetup {
  label: string;
  cacheMs: number;
  workers: number;
}

/** CPU time (user + system, ms) used so far by a process and all its descendants (Linux /proc). */
function treeCpuMs(root: number): number {
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      /* process gone */
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 50; p = procs.get(p)?.ppid ?? 0, hops++) if (p === root) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, p] of procs) if (inTree(pid)) ticks += p.ticks;
  return ticks * 10; // USER_HZ = 100 on Linux
}

async function startServer(setup: ServerSetup): Promise<{ url: string; pid: number; stop(): void }> {
  const args = ['serve', '--db', DB, '--port', '0', '--cache-ms', String(setup.cacheMs), '--workers', String(setup.workers)];
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, VIGIL_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

/** What the database holds, for the workload's filters (read once, from the newest 20,000 events). */
function vocabulary(): Vocabulary {
  const db = new Database(DB, { readonly: true });
  try {
    const places = db.prepare(`SELECT location_name AS name, admin1, avg(lat) AS lat, avg(lon) AS lon FROM
      (SELECT location_name, admin1, lat, lon FROM events ORDER BY sort_date DESC, id DESC LIMIT 20000) WHERE lat IS NOT NULL GROUP BY location_name`).all() as Vocabulary['places'];
    const actors = (db.prepare(`SELECT DISTINCT name_norm AS v FROM event_actors WHERE event_id > (SELECT max(id) - 20000 FROM events)`).all() as { v: string }[]).map((r) => r.v);
    const weapons = (db.prepare(`SELECT DISTINCT name_norm AS v FROM event_weapons WHERE event_id > (SELECT max(id) - 20000 FROM events)`).all() as { v: string }[]).map((r) => r.v);
    const m = db.prepare(`SELECT min(sort_date) AS a, max(sort_date) AS b, max(id) AS n FROM events WHERE sort_date <> ''`).get() as { a: string; b: string; n: number };
    return { places, actors, weapons, from: m.a, to: m.b, maxId: m.n };
  } finally {
    db.close();
  }
}

async function run(url: string, bearer: string, s: Mix, duration = SECONDS): Promise<{ rps: number; p50: number; p99: number; errors: number; non2xx: number; requests: number }> {
  let i = 0;
  const res = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    headers: { authorization: `Bearer ${bearer}` },
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: s.paths[i++ % s.paths.length] }) }],
  });
  return { rps: res.requests.average, p50: res.latency.p50, p99: res.latency.p99, errors: res.errors + res.timeouts, non2xx: res.non2xx, requests: res.requests.total };
}

/** Server set-ups measured: the default (2 s response cache), and with the cache off (every request reaches SQLite). */
const SETUPS: ServerSetup[] = (process.env.BENCH_SETUPS ?? 'default,nocache,nocache-2w').split(',').map((name) => {
  const known: Record<string, ServerSetup> = {
    default: { label: 'vigil serve (cache 2 s)', cacheMs: 2000, workers: 1 },
    nocache: { label: '--cache-ms 0', cacheMs: 0, workers: 1 },
    'nocache-2w': { label: '--cache-ms 0 --workers 2', cacheMs: 0, workers: 2 },
    '2w': { label: '--workers 2 (cache 2 s)', cacheMs: 2000, workers: 2 },
  };
  if (!known[name]) throw new Error(`BENCH_SETUPS: unknown ${name} (have ${Object.keys(known).join(', ')})`);
  return known[name];
});

async function main(): Promise<void> {
  if (!existsSync(DB)) await generate();
  else console.log(`reusing ${DB}`);
  const bearer = await token(); // also applies pending migrations to a reused file
  const all = mixes(vocabulary(), { n: 3000 });
  const only = process.env.BENCH_MIXES?.split(',');
  const chosen = only ? all.filter((m) => only.some((o) => m.name.startsWith(o))) : all;
  console.log(`\nGET /api/events over ${N.toLocaleString('en')} events, ${CONNECTIONS} connections, ${SECONDS} s each after a ${WARMUP} s warm-up, loopback, Bearer token`);
  for (const m of chosen) console.log(`  ${m.name}: ${m.paths.length} URLs${m.paths.length > 1 ? `, e.g. ${decodeURIComponent(m.paths[1])}` : ''}`);
  console.log('\nserver                          workload                      req/s   p50 ms   p99 ms   errors  non-2xx  requests  server CPU ms/req  load average');
  const verdict: string[] = [];
  for (const setup of SETUPS) {
    const server = await startServer(setup);
    try {
      // Warm up: the JIT, and the pages of the 3 GB file mapped into the server processes.
      await run(server.url, bearer, { name: 'warm-up', paths: all.flatMap((m) => m.paths) }, WARMUP).catch(() => undefined);
      for (const s of chosen) {
        const cpu0 = treeCpuMs(server.pid);
        const r = await run(server.url, bearer, s);
        const cpu = (treeCpuMs(server.pid) - cpu0) / Math.max(1, r.requests);
        const load = loadavg().map((x) => x.toFixed(2)).join(' ');
        console.log(`${setup.label.padEnd(31)} ${s.name.padEnd(28)} ${r.rps.toFixed(0).padStart(6)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.errors).padStart(8)} ${String(r.non2xx).padStart(8)} ${String(r.requests).padStart(9)}  ${cpu.toFixed(2).padStart(17)}  ${load}`);
        const met = r.rps >= 1000 && r.p99 <= 100 && r.errors === 0 && r.non2xx === 0;
        verdict.push(`${setup.label} / ${s.name}: ${met ? 'met' : 'NOT met'}`);
      }
    } finally {
      server.stop();
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  console.log(`\ntarget >= 1000 req/s, p99 <= 100 ms, zero errors (2 cores shared by server and load generator):\n  ${verdict.join('\n  ')}`);
}

await main();
