import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../cli/commands/ingest.js';
import { openStore } from '../store/index.js';
import { htmlDepth, readSources } from './read.js';
import type { IngestItem } from './types.js';

const report = (place: string) => `Gunmen attacked a checkpoint near ${place} on Monday, killing 3 soldiers, a local observer said.`;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigil-outcomes-'));
  const reports = path.join(dir, 'reports');
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports);
  writeFileSync(path.join(reports, 'a-first.txt'), report('Aleppo'));
  writeFileSync(path.join(reports, 'b-comment-only.html'), '<!-- nothing here -->'); // linkedom: no element, it throws
  writeFileSync(path.join(reports, 'c-empty.html'), '');
  writeFileSync(path.join(reports, 'd-fragment.html'), `<p>${report('Idlib')}</p>`);
  writeFileSync(path.join(reports, 'e-deep.html'), `<html><body>${'<div>'.repeat(3000)}<p>${report('Homs')}</p></body></html>`);
  writeFileSync(path.join(reports, 'f-last.txt'), report('Hama'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('per-file outcomes at ingest', () => {
  it('gives every file of a folder an outcome, reads HTML fragments and deep pages, and goes on past a bad file', async () => {
    const items: IngestItem[] = [];
    for await (const it of readSources([path.join(dir, 'reports')])) items.push(it);
    expect(items.map((i) => path.basename(i.origin.locator))).toEqual(['a-first.txt', 'b-comment-only.html', 'c-empty.html', 'd-fragment.html', 'e-deep.html', 'f-last.txt']);
    const byName = Object.fromEntries(items.map((i) => [path.basename(i.origin.locator), i]));
    expect(byName['c-empty.html'].ok).toBe(false);
    for (const f of ['a-first.txt', 'd-fragment.html', 'e-deep.html', 'f-last.txt']) expect(byName[f].ok).toBe(true);
  });

  it('stores an outcome with a code for every file; the summary counts equal the files seen', async () => {
    const db = path.join(dir, 'v.db');
    const s = await runIngest([path.join(dir, 'reports')], { db, progress: false });
    expect(s.items).toBe(6);
    expect(s.new + s.duplicate + s.failed).toBe(s.items);
    expect(s.new).toBe(4); // the two reports, the fragment and the deep page
    expect(Object.keys(s.failures).every((c) => c.startsWith('VIGIL_ERR_'))).toBe(true);
    const store = await openStore(db);
    try {
      expect((await store.stats()).documents).toBe(4);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('measures nesting depth in one pass, ignoring void and optional-end elements and unclosed tag floods', () => {
    expect(htmlDepth('<html><body><div><p>a<p>b<br><img src=x></div></body></html>')).toBe(3);
    expect(htmlDepth(`${'<div>'.repeat(500)}x`, 100)).toBe(101);
    expect(htmlDepth(`<p>${'<a href="x" '.repeat(10_000)}`)).toBe(0);
  });
});
