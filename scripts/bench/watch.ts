/**
 * Benchmark of `vigil watch` / `vigil worker` (issue 15). Prints:
 *  1. items/s with 1 and 2 `vigil worker` processes on PostgreSQL (pg-boss): N feed items appended at once,
 *     timed from the feed's first full answer to the moment all N documents are stored;
 *  2. poll-to-visible latency p50 / p95: one `vigil watch run` (PostgreSQL, polls every second), the feed gains
 *     one item every 2 s; a separate reader polls the store (what GET /api/incidents reads) every 50 ms and
 *     notes when each item's incident is first visible, from the time the feed served the answer holding it;
 *  3. RSS of a `vigil watch run` process (SQLite) sampled every 10 s while the feed keeps growing.
 *
 *   npm run build && npm run bench -- watch
 *   VIGIL_BENCH_N=300 VIGIL_BENCH_RSS_MINUTES=3 VIGIL_BENCH_PG_URL=postgres://... npx tsx scripts/bench/watch.ts
 * Needs PostgreSQL (scripts/pg-start.sh starts a throwaway one when VIGIL_BENCH_PG_URL is not set).
 * Runs the compiled CLI (dist/) when built, else the sources through tsx.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openSqlStore, type SqlStore } from '../../src/store/sql-store.js';
import { WatchRepo } from '../../src/watch/repo.js';
import { report } from '../../test/watch/servers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const N = Number(process.env.VIGIL_BENCH_N ?? 300);
const LAT_ITEMS = Number(process.env.VIGIL_BENCH_LATENCY_ITEMS ?? 40);
const RSS_MINUTES = Number(process.env.VIGIL_BENCH_RSS_MINUTES ?? 3);
const built = existsSync(join(ROOT, 'dist/cli/main.js'));
const CLI = built ? [join(ROOT, 'bin/vigil.js')] : ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];

/** Feed on 127.0.0.1 with ETag; remembers when each item was first served in a 200 answer. */
async function feed(window = Infinity): Promise<{ url: string; append(i: number): void; servedAt: Map<number, number>; firstFull: () => number | null; close(): void }> {
  const items: number[] = [];
  const servedAt = new Map<number, number>();
  let version = 0;
  let first: number | null = null;
  const server = http.createServer((req, res) => {
    const etag = `"v${version}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    const now = Date.now();
    if (items.length && first === null) first = now;
    for (const i of items) if (!servedAt.has(i)) servedAt.set(i, now);
    // Like most real feeds, a windowed feed shows only its latest items.
    const shown = Number.isFinite(window) ? items.slice(-window) : items;
    const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title><link>https://bench.example.org/</link><description>b</description>${shown.map((i) => {
      const r = report(i);
      return `<item><title>${r.title}</title><link>https://bench.example.org/r/${i}</link><guid>b-${i}</guid><description>${r.text}</description></item>`;
    }).join('')}</channel></rss>`;
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`,
    append(i) { items.push(i); version++; },
    servedAt, firstFull: () => first,
    close() { server.closeAllConnections(); server.close(); },
  };
}

function vigil(args: string[], env: Record<string, string> = {}): { child: ChildProcess; started: Promise<void> } {
  const child = spawn(process.execPath, [...CLI, ...args], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, VIGIL_WATCH_TICK_MS: '200', VIGIL_JOB_POLL_MS: '100', ...env },
  });
  const started = new Promise<void>((r) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('"ev":"started"')) r();
      if (buf.length > 100_000) buf = buf.slice(-1000);
    });
  });
  return { child, started };
}

const stop = async (ps: ChildProcess[]) => {
  for (const p of ps) p.kill('SIGTERM');
  await Promise.all(ps.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.on('exit', r)))));
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freshPgDb(server: string): Promise<string> {
  const name = `vigil_bench_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

/** CPU seconds (user + system) a process has used. */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

async function throughput(server: string, workers: number): Promise<{ rate: number; cpu: number[]; wall: number }> {
  const url = await freshPgDb(server);
  const store = await openSqlStore(url);
  const f = await feed();
  const ws = Array.from({ length: workers }, () => vigil(['worker', '--db', url, '--allow-private', '--quiet']));
  // --quiet prints no "started": wait for the queue schema and give the workers time to warm up.
  await sleep(1000);
  const sched = vigil(['watch', 'run', '--no-workers', '--db', url, '--allow-private']);
  await sched.started;
  await sleep(8000 + 2000 * workers);
  for (let i = 0; i < N; i++) f.append(i);
  const cpu0 = ws.map((w) => cpuSeconds(w.child.pid!));
  await new WatchRepo(store.dialect).add(f.url, 1);
  while ((await store.stats()).documents < N) await sleep(100);
  const t1 = Date.now();
  const wall = (t1 - f.firstFull()!) / 1000;
  const cpu = ws.map((w, i) => cpuSeconds(w.child.pid!) - cpu0[i]);
  await stop([...ws.map((w) => w.child), sched.child]);
  await store.close();
  f.close();
  return { rate: N / wall, cpu, wall };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function latency(server: string): Promise<{ p50: number; p95: number; max: number; n: number }> {
  const url = await freshPgDb(server);
  const store = await openSqlStore(url);
  const f = await feed();
  await new WatchRepo(store.dialect).add(f.url, 1);
  const w = vigil(['watch', 'run', '--db', url, '--allow-private']);
  await w.started;
  await sleep(3000);
  const seen = new Map<number, number>();
  let next = 0;
  const adder = setInterval(() => { if (next < LAT_ITEMS) f.append(next++); }, 2000);
  while (seen.size < LAT_ITEMS) {
    // What the API's incident list reads: events with an incident, by the report's link.
    const rows = await store.dialect.all<{ url: string }>(
      `SELECT d.url FROM documents d WHERE EXISTS (SELECT 1 FROM events e JOIN incidents i ON i.id = e.incident_id WHERE e.document_id = d.id)`);
    const now = Date.now();
    for (const r of rows) {
      const i = Number(/\/r\/(\d+)$/.exec(r.url)?.[1]);
      if (Number.isFinite(i) && !seen.has(i)) seen.set(i, now);
    }
    await sleep(50);
  }
  clearInterval(adder);
  await stop([w.child]);
  await store.close();
  f.close();
  const lat = [...seen].map(([i, t]) => t - f.servedAt.get(i)!);
  return { p50: pct(lat, 50), p95: pct(lat, 95), max: Math.max(...lat), n: lat.length };
}

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function rss(): Promise<{ samples: { s: number; mb: number }[]; heap: number[]; items: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-watch-'));
  const db = join(dir, 'w.db');
  const store: SqlStore = await openSqlStore(db);
  const f = await feed(20);
  await new WatchRepo(store.dialect).add(f.url, 1);
  await store.close();
  const w = vigil(['watch', 'run', '--db', db, '--allow-private'], { VIGIL_STATS_EVERY_MS: '30000' });
  const heap: number[] = [];
  w.child.stdout!.on('data', (d: Buffer) => {
    for (const m of d.toString().matchAll(/"heapUsedMB":([\d.]+)/g)) heap.push(Number(m[1]));
  });
  await sleep(3000);
  let i = 0;
  const adder = setInterval(() => f.append(i++), 2000);
  const t0 = Date.now();
  const samples: { s: number; mb: number }[] = [];
  while (Date.now() - t0 < RSS_MINUTES * 60_000) {
    samples.push({ s: Math.round((Date.now() - t0) / 1000), mb: Math.round(rssKiB(w.child.pid!) / 102.4) / 10 });
    await sleep(10_000);
  }
  clearInterval(adder);
  await stop([w.child]);
  f.close();
  rmSync(dir, { recursive: true, force: true });
  return { samples, heap, items: i };
}

let pgDir: string | null = null;
let server = process.env.VIGIL_BENCH_PG_URL ?? '';
if (!server) {
  pgDir = mkdtempSync(join(tmpdir(), 'vigil-bench-pg-'));
  server = execFileSync('bash', [join(ROOT, 'scripts/pg-start.sh'), pgDir], { encoding: 'utf8' }).trim().split('\n').pop()!;
}
try {
  console.log(`watch benchmark (${built ? 'dist' : 'tsx'}): ${N} items, ${LAT_ITEMS} latency items, RSS over ${RSS_MINUTES} min`);
  const only = process.env.VIGIL_BENCH_ONLY ?? 'throughput,latency,rss';
  if (only.includes('throughput')) {
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const r1 = await throughput(server, 1);
  console.log(`throughput, PostgreSQL, 1 worker:  ${r1.rate.toFixed(1)} items/s (${r1.wall.toFixed(1)} s; worker CPU ${r1.cpu.map((c) => c.toFixed(1)).join(' + ')} s; load ${load()})`);
  const r2 = await throughput(server, 2);
  console.log(`throughput, PostgreSQL, 2 workers: ${r2.rate.toFixed(1)} items/s (x${(r2.rate / r1.rate).toFixed(2)}; ${r2.wall.toFixed(1)} s; worker CPU ${r2.cpu.map((c) => c.toFixed(1)).join(' + ')} s; load ${load()})`);
  }
  if (only.includes('latency')) {
  const l = await latency(server);
  console.log(`poll-to-visible latency, PostgreSQL, 1 watch run: p50 ${l.p50} ms, p95 ${l.p95} ms, max ${l.max} ms over ${l.n} items`);
  }
  if (only.includes('rss')) {
  const m = await rss();
  console.log(`RSS of watch run (SQLite, feed of the latest 20 items, one new every 2 s, polled every 1 s), ${m.items} items over ${RSS_MINUTES} min: ${m.samples.map((x) => `${x.s}s ${x.mb}MB`).join(', ')}`);
  console.log(`heap used (every 30 s): ${m.heap.map((x) => `${x}MB`).join(', ')}`);
  }
} finally {
  if (pgDir) execFileSync('bash', [join(ROOT, 'scripts/pg-stop.sh'), pgDir], { stdio: 'ignore' });
}
