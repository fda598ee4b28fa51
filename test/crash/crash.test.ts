/**
 * Crash safety (issue #4 item 8): a child process ingesting thousands of documents is killed with
 * SIGKILL twice at different points, then run again to the end. Afterwards every document is stored
 * exactly once, with all its events, incident assignments and its custody entry, and every original
 * still matches its SHA-256.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openSqlStore } from '../../src/store/sql-store.js';
import { syntheticInput } from '../store/generate.js';

const ROOT = resolve(import.meta.dirname, '../..');
const N = 2500;
const SEED = 42;

/** Run the child; when `killAfter` is set, SIGKILL it once it reports at least that many documents. */
function runChild(db: string, killAfter?: number): Promise<{ killed: boolean; reported: number }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/crash/child.ts'), db, '0', String(N), String(SEED)], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let reported = 0;
    let killed = false;
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        const n = Number(line);
        if (line && Number.isFinite(n)) reported = n;
      }
      if (killAfter !== undefined && !killed && reported >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (killed && signal === 'SIGKILL') res({ killed, reported });
      else if (code === 0) res({ killed, reported });
      else rej(new Error(`child exited ${code} ${signal}: ${err}`));
    });
  });
}

describe('crash safety: kill -9 during ingest, then re-run', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'vigil-crash-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores every document exactly once with its events and incidents', async () => {
    const db = join(dir, 'crash.db');
    const k1 = await runChild(db, 400);
    expect(k1.killed).toBe(true);
    // The second run skips what the first stored (duplicates) and is killed further on.
    const k2 = await runChild(db, 1500);
    expect(k2.killed).toBe(true);
    const mid = await openSqlStore(db);
    const stored = (await mid.stats()).documents;
    await mid.close();
    expect(stored).toBeGreaterThanOrEqual(400);
    expect(stored).toBeLessThan(N);
    await runChild(db);

    const store = await openSqlStore(db);
    try {
      const d = store.dialect;
      const inputs = Array.from({ length: N }, (_, i) => syntheticInput(i, SEED));
      const st = await store.stats();
      expect(st.documents).toBe(N);
      expect(st.originals).toBe(N);
      expect(st.events).toBe(inputs.reduce((n, x) => n + x.events.length, 0));
      // Nothing doubled: one row per hash, and exactly the hashes of the inputs.
      const hashes = await d.all<{ sha256: string }>('SELECT sha256 FROM documents');
      expect(new Set(hashes.map((h) => h.sha256))).toEqual(new Set(inputs.map((x) => x.sha256)));
      // Every document has all its events, in order, and exactly one `ingested` custody entry.
      const perDoc = await d.all<{ sha256: string; n: number; declared: number; c: number }>(
        `SELECT doc.sha256, (SELECT count(*) FROM events e WHERE e.document_id = doc.id) AS n, doc.event_count AS declared,
           (SELECT count(*) FROM custody_log c WHERE c.document_id = doc.id AND c.action = 'ingested') AS c FROM documents doc`);
      const want = new Map(inputs.map((x) => [x.sha256, x.events.length]));
      for (const r of perDoc) {
        expect(r.n).toBe(want.get(r.sha256));
        expect(r.declared).toBe(r.n);
        expect(r.c).toBe(1);
      }
      // Every event is in an incident, and incident counts add up to the events they hold.
      expect((await d.get<{ n: number }>('SELECT count(*) AS n FROM events WHERE incident_id IS NULL'))!.n).toBe(0);
      const sums = await d.get<{ a: number; b: number }>(
        `SELECT (SELECT sum(event_count) FROM incidents) AS a, (SELECT count(*) FROM events) AS b`);
      expect(sums!.a).toBe(sums!.b);
      expect((await d.get<{ n: number }>('SELECT count(*) AS n FROM incidents WHERE event_count = 0'))!.n).toBe(0);
      // The search and spatial indexes hold exactly the events.
      expect((await d.get<{ n: number }>('SELECT count(*) AS n FROM events_rtree'))!.n).toBe(st.events);
      expect((await d.get<{ n: number }>(`SELECT count(*) AS n FROM events_fts WHERE events_fts MATCH '"Report"'`))!.n).toBe(st.events);
      // And every original is intact.
      const v = await store.verifyOriginals();
      expect(v).toMatchObject({ checked: N, mismatches: [], missing: [] });
      expect((await d.get<{ ok: string }>('PRAGMA integrity_check'))!).toEqual({ integrity_check: 'ok' });
    } finally {
      await store.close();
    }
  }, 300_000);
});
