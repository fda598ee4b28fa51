/**
 * Two workers on PostgreSQL (pg-boss): a scheduler-only `vigil watch run --no-workers` and two
 * `vigil worker` processes share the queue; every feed item is stored exactly once, and every
 * incident change is posted once. Skipped with a printed reason when no PostgreSQL is available
 * locally (CI sets VIGIL_TEST_PG_URL and VIGIL_REQUIRE_PG=1, where a missing server fails instead).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { openSqlStore } from '../../src/store/sql-store.js';
import { WatchRepo } from '../../src/watch/repo.js';
import { AlertRepo } from '../../src/alerts/repo.js';
import { pgAvailable, pgRequired, pgServerUrl, stopPgServer } from '../store/pg-server.js';
import { alertsDrained, feedServer, until, webhookReceiver, type FeedServer, type WebhookReceiver } from './servers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const N = 40;
const have = pgAvailable();
if (!have) process.stdout.write('test/watch/pg.test.ts: skipped, no PostgreSQL (install postgresql-15 postgresql-15-postgis-3 or set VIGIL_TEST_PG_URL)\n');

function spawnVigil(args: string[]): { child: ChildProcess; lines: string[]; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VIGIL_WATCH_TICK_MS: '100', VIGIL_JOB_POLL_MS: '50', VIGIL_ALERT_RETRY_DELAY_MS: '1000' },
  });
  const lines: string[] = [];
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.on('data', () => undefined);
  return { child, lines, exited: new Promise<void>((r) => child.on('exit', () => r())) };
}

describe.skipIf(!have)('vigil worker x2 on PostgreSQL (pg-boss)', () => {
  let serverUrl: string;
  let url: string;
  let name: string;
  let feed: FeedServer;
  let hook: WebhookReceiver;
  let secret = '';
  beforeAll(async () => {
    serverUrl = await pgServerUrl();
    name = `vigil_w_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    feed = await feedServer();
    hook = await webhookReceiver(() => secret);
  });
  afterAll(async () => {
    await feed?.close();
    await hook?.close();
    if (serverUrl) {
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    }
    stopPgServer();
  });

  it('processes every item once across two worker processes', async () => {
    const store = await openSqlStore(url);
    await new WatchRepo(store.dialect).add(feed.url, 1);
    secret = (await new AlertRepo(store.dialect).add({ name: 'all', filters: {}, conditions: {}, webhookUrl: hook.url })).webhookSecret!;
    const w1 = spawnVigil(['worker', '--db', url, '--allow-private']);
    const w2 = spawnVigil(['worker', '--db', url, '--allow-private']);
    const sched = spawnVigil(['watch', 'run', '--no-workers', '--db', url, '--allow-private']);
    const all = [w1, w2, sched];
    try {
      await until(() => all.every((p) => p.lines.some((l) => l.includes('"ev":"started"'))), 240_000, 'processes started');
      feed.append(...Array.from({ length: N }, (_, i) => i));
      await until(async () => (await store.stats()).documents === N, 240_000, `${N} documents`);
      await until(() => alertsDrained(store.dialect), 120_000, 'deliveries sent');
    } finally {
      for (const p of all) p.child.kill('SIGTERM');
      await Promise.all(all.map((p) => p.exited));
    }
    const d = store.dialect;
    expect((await store.stats()).documents).toBe(N);
    expect((await d.get<{ n: number }>('SELECT count(DISTINCT sha256) AS n FROM documents'))!.n).toBe(N);
    // Each item extracted and stored by exactly one of the workers.
    const stored = (p: { lines: string[] }) => p.lines.filter((l) => l.includes('"ev":"stored"')).map((l) => JSON.parse(l) as { sha256: string; status: string });
    const s1 = stored(w1), s2 = stored(w2);
    expect(stored(sched)).toEqual([]);
    const news = [...s1, ...s2].filter((s) => s.status === 'new').map((s) => s.sha256);
    expect(news.length).toBe(N);
    expect(new Set(news).size).toBe(N);
    process.stdout.write(`pg workers: worker 1 stored ${s1.length}, worker 2 stored ${s2.length}\n`);
    expect(s1.length).toBeGreaterThan(0);
    expect(s2.length).toBeGreaterThan(0);
    // One delivery per incident change, posted once.
    const changes = await d.all<{ document_id: number; incident_id: number }>('SELECT DISTINCT document_id, incident_id FROM events WHERE incident_id IS NOT NULL');
    const ids = hook.received.map((r) => r.deliveryId);
    expect(ids.length).toBe(changes.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(hook.received.every((r) => r.valid)).toBe(true);
    await store.close();
  }, 600_000);

  it('is required under CI', () => {
    if (pgRequired) expect(have).toBe(true);
  });
});
