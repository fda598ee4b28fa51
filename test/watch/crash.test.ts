/**
 * kill -9 of `vigil watch run` mid-queue, then a restart: every feed item is stored exactly once,
 * every incident change is recorded once and posted once (no delivery id twice at the receiver).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openSqlStore } from '../../src/store/sql-store.js';
import { WatchRepo } from '../../src/watch/repo.js';
import { AlertRepo } from '../../src/alerts/repo.js';
import { alertsDrained, feedServer, until, webhookReceiver, type FeedServer, type WebhookReceiver } from './servers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const N = 40;

function startWatch(db: string): { child: ChildProcess; stored: () => number; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'watch', 'run', '--db', db, '--allow-private'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VIGIL_WATCH_TICK_MS: '100', VIGIL_JOB_POLL_MS: '50', VIGIL_ALERT_RETRY_DELAY_MS: '100' },
  });
  let stored = 0;
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) if (l.includes('"ev":"stored"')) stored++;
  });
  child.stderr!.on('data', () => undefined);
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  return { child, stored: () => stored, exited };
}

describe('crash safety of vigil watch run (SQLite)', () => {
  let dir: string;
  let feed: FeedServer;
  let hook: WebhookReceiver;
  let secret = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-watch-crash-'));
    feed = await feedServer();
    hook = await webhookReceiver(() => secret);
  });
  afterAll(async () => {
    await feed.close();
    await hook.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every item once and alerts nothing twice across two kill -9', async () => {
    const db = join(dir, 'c.db');
    const store = await openSqlStore(db);
    await new WatchRepo(store.dialect).add(feed.url, 1);
    secret = (await new AlertRepo(store.dialect).add({ name: 'all', filters: {}, conditions: {}, webhookUrl: hook.url })).webhookSecret!;
    feed.append(...Array.from({ length: N }, (_, i) => i));

    // First run: killed once a few items are stored (the rest are staged or queued).
    const a = startWatch(db);
    await until(() => a.stored() >= 3, 180_000, 'first items stored');
    a.child.kill('SIGKILL');
    await a.exited;
    const mid = (await store.stats()).documents;
    expect(mid).toBeLessThan(N);

    // Second run: killed again further on.
    const b = startWatch(db);
    await until(async () => (await store.stats()).documents >= Math.min(N - 5, mid + 10), 180_000, 'more items stored');
    b.child.kill('SIGKILL');
    await b.exited;

    // Third run to the end.
    const c = startWatch(db);
    try {
      await until(async () => (await store.stats()).documents === N, 180_000, `all ${N} documents`);
      await until(async () => (await alertsDrained(store.dialect)) && (await new WatchRepo(store.dialect).staged()).length === 0, 120_000, 'queue drained');
    } finally {
      c.child.kill('SIGTERM');
      await c.exited;
    }

    const d = store.dialect;
    const st = await store.stats();
    expect(st.documents).toBe(N);
    expect(st.originals).toBe(N);
    expect((await d.get<{ n: number }>('SELECT count(DISTINCT sha256) AS n FROM documents'))!.n).toBe(N);
    expect((await d.get<{ n: number }>(`SELECT count(*) AS n FROM watch_items WHERE state = 'ingested'`))!.n).toBe(N);
    expect((await d.get<{ n: number }>(`SELECT count(*) AS n FROM custody_log WHERE action = 'ingested'`))!.n).toBe(N);
    // One delivery per incident change, each posted once.
    const changes = await d.all<{ document_id: number; incident_id: number }>('SELECT DISTINCT document_id, incident_id FROM events WHERE incident_id IS NOT NULL');
    const rows = await d.all<{ id: number; webhook_state: string }>('SELECT id, webhook_state FROM alert_deliveries');
    expect(rows.length).toBe(changes.length);
    expect(rows.every((r) => r.webhook_state === 'sent')).toBe(true);
    const ids = hook.received.map((r) => r.deliveryId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(rows.length);
    expect(hook.received.every((r) => r.valid)).toBe(true);
    expect(await store.verifyOriginals()).toMatchObject({ checked: N, mismatches: [], missing: [] });
    await store.close();
  }, 600_000);
});
