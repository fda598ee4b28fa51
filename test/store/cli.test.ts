/**
 * The store's commands end to end on a SQLite file: vigil ingest (good and bad items, idempotent
 * re-run, exit status), events / incidents exports, sources, review, verify (and a tampered original).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { searchWords } from '../../src/store/dialect.js';
import { renumber } from '../../src/store/postgres/connection.js';
import { vigilWords } from '../../src/store/sqlite/fragments.js';
import { dateRangeText } from '../../src/store/cli-util.js';

const ROOT = resolve(import.meta.dirname, '../..');

function vigil(args: string[], env: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, VIGIL_LOG_LEVEL: 'silent', ...env }, timeout: 120_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('store helpers', () => {
  it('writes date ranges as a coder would: a whole year or month short, an undated event by its bound', () => {
    expect(dateRangeText('2016-01-01', '2016-12-31')).toBe('2016');
    expect(dateRangeText('2016-02-01', '2016-02-29')).toBe('2016-02');
    expect(dateRangeText('2015-02-01', '2015-02-28')).toBe('2015-02');
    expect(dateRangeText('2016-02-01', '2016-02-28')).toBe('2016-02-01..2016-02-28');
    expect(dateRangeText('2016-08-01', '2016-08-03')).toBe('2016-08-01..2016-08-03');
    expect(dateRangeText('2016-01-01', '2017-12-31')).toBe('2016-01-01..2017-12-31');
    expect(dateRangeText('2016-08-02', '2016-08-02')).toBe('2016-08-02');
    expect(dateRangeText('2016-08-02', null)).toBe('2016-08-02');
    expect(dateRangeText(null, null, '2016-08-03')).toBe('≤2016-08-03');
    expect(dateRangeText(null)).toBe('undated');
  });
  it('renumbers ? placeholders outside quotes for PostgreSQL', () => {
    expect(renumber(`SELECT * FROM t WHERE a = ? AND b = '?' AND c IN (?, ?)`)).toBe(`SELECT * FROM t WHERE a = $1 AND b = '?' AND c IN ($2, $3)`);
  });
  it('matches search words as whole tokens, accents and case folded', () => {
    expect(vigilWords('Jets struck Sarāqib market', 'saraqib MARKET')).toBe(1);
    expect(vigilWords('Jets struck Saraqib', 'sara')).toBe(0);
    expect(vigilWords(null, 'x')).toBe(0);
    // A word inside a longer token is no match, a later whole occurrence is; punctuation and digits split tokens.
    expect(vigilWords('Tel Abyadi and Abyad', 'abyad')).toBe(1);
    expect(vigilWords('Tel Abyadi', 'abyad')).toBe(0);
    expect(vigilWords('Shelling hit Al-Bab; 12 killed', 'bab 12')).toBe(1);
    expect(vigilWords('قصف حلب اليوم', 'حلب')).toBe(1);
    expect(vigilWords('قصف حلبا', 'حلب')).toBe(0);
    expect(searchWords(`"a" OR b* NEAR(c)`)).toEqual(['a', 'OR', 'b', 'NEAR', 'c']);
  });
});

describe('store CLI', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    db = join(dir, 'test.db');
    const inp = join(dir, 'in');
    mkdirSync(inp);
    writeFileSync(join(inp, 'one.txt'), 'Government artillery shelled the village of Kafr Nabl on 3 May 2016, killing four people, a monitoring group said.\n');
    writeFileSync(join(inp, 'two.jsonl'), '{"id":"r2","text":"Clashes broke out between rebels and army units near Homs on 4 May 2016.","published":"2016-05-05"}\nthis is not json\n');
    writeFileSync(join(inp, 'empty.txt'), '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ingests good items, records bad ones with codes, exits 1, and is idempotent', () => {
    const r = vigil(['ingest', join(dir, 'in'), '--db', db, '--json']);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({ new: 2, duplicate: 0, failed: 2 });
    expect(s.failures).toEqual({ VIGIL_ERR_BAD_JSONL: 1, VIGIL_ERR_EMPTY_INPUT: 1 });
    const again = JSON.parse(vigil(['ingest', join(dir, 'in'), '--db', db, '--json']).out);
    expect(again).toMatchObject({ new: 0, duplicate: 2, failed: 2, events: 0 });
    const good = vigil(['ingest', join(dir, 'in', 'one.txt'), '--db', db]);
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/0 new, 1 duplicate, 0 failed/);
    const errs = JSON.parse(vigil(['db', 'errors', '--db', db, '--json']).out);
    expect(errs.map((e: { code: string }) => e.code)).toContain('VIGIL_ERR_BAD_JSONL');
  });

  it('stores the same events with two extraction workers (--jobs 2) as in one thread, bad items failing alone', () => {
    const dbs = [join(dir, 'jobs1.db'), join(dir, 'jobs2.db')];
    const runs = [vigil(['ingest', join(dir, 'in'), join(ROOT, 'samples', 'reports'), '--db', dbs[0]!, '--json']), vigil(['ingest', join(dir, 'in'), join(ROOT, 'samples', 'reports'), '--db', dbs[1]!, '--json', '--jobs', '2'])];
    const [one, two] = runs.map((r) => JSON.parse(r.out));
    expect(runs.map((r) => r.code)).toEqual([1, 1]);
    expect(one.new).toBeGreaterThan(4);
    const { seconds: _a, ...a } = one;
    const { seconds: _b, ...b } = two;
    expect(b).toEqual(a);
    const rows = dbs.map((f) => {
      const conn = new Database(f, { readonly: true });
      const events = conn.prepare('SELECT d.sha256, e.ord, e.kind, e.date_start, e.location_name, e.fat_best, e.incident_id FROM events e JOIN documents d ON d.id = e.document_id ORDER BY d.id, e.ord').all();
      conn.close();
      return events;
    });
    expect(rows[0]!.length).toBeGreaterThan(4);
    expect(rows[1]).toEqual(rows[0]);
  });

  it('exports events and incidents as GeoJSON, ACLED CSV and JSON Lines', () => {
    const gj = JSON.parse(vigil(['events', '--db', db, '--format', 'geojson']).out);
    expect(gj.type).toBe('FeatureCollection');
    const csv = vigil(['incidents', '--db', db, '--format', 'csv']).out.split('\r\n');
    expect(csv[0].split(',').slice(0, 3)).toEqual(['event_id_cnty', 'event_date', 'year']);
    const jl = vigil(['events', '--db', db, '--format', 'jsonl']).out.trim().split('\n').filter(Boolean);
    expect(jl.length).toBe(gj.features.length);
    expect(vigil(['events', '--db', db, '--format', 'nope']).code).toBe(2);
  });

  it('edits source kinds and reviews with attribution', () => {
    const srcs = JSON.parse(vigil(['sources', '--db', db, '--json']).out);
    expect(srcs.length).toBeGreaterThan(0);
    const set = vigil(['sources', '--db', db, '--set-kind', srcs[0].name, 'ngo', '--user', 'tester']);
    expect(set.code).toBe(0);
    expect(set.out).toContain(': ngo');
    expect(vigil(['review', 'accept', 'incident', '1', '--db', db]).code).toBe(2); // --user missing
    const ev = JSON.parse(vigil(['events', '--db', db, '--format', 'json']).out);
    if (ev.length > 0) {
      const r = vigil(['review', 'reject', 'event', String(ev[0].id), '--db', db, '--user', 'tester', '--json']);
      expect(JSON.parse(r.out).actions[0]).toMatchObject({ userName: 'tester', action: 'reject', after: 'rejected' });
    }
  });

  it('verify passes, then reports a tampered original with VIGIL_ERR_HASH_MISMATCH and exit 1', () => {
    const ok = vigil(['verify', '--db', db]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/verified 2 original\(s\): 0 mismatch/);
    const raw = new Database(db);
    raw.exec('DROP TRIGGER originals_no_update');
    raw.prepare('UPDATE originals SET bytes = ? WHERE document_id = 1').run(Buffer.from('tampered'));
    raw.close();
    const bad = vigil(['verify', '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/MISMATCH document 1/);
    expect(bad.err).toContain('VIGIL_ERR_HASH_MISMATCH');
  });
});
