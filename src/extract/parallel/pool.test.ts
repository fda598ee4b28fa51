import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/schema.js';
import type { SourceDocument } from '../../model/document.js';
import { extractDocument } from '../pipeline.js';
import { extractInOrder, workerCount } from './pool.js';

const config = loadConfig({ VIGIL_LOG_LEVEL: 'silent' });
const dir = join(import.meta.dirname, '..', '..', '..', 'samples', 'reports');
const reports: SourceDocument[] = readdirSync(dir)
  .filter((f) => /\.(txt|md)$/.test(f))
  .sort()
  .map((f) => ({ id: f, source: readFileSync(join(dir, f), 'utf8'), published: '2016-08-02' }));
// Bad documents between good ones: each must fail alone, in its place.
const batch: SourceDocument[] = [
  ...reports.slice(0, 2),
  { id: 'empty', source: '   ' },
  ...reports.slice(2),
  { id: 'binary', source: '\u0000\u0001\u0002PK\u0003\u0004'.repeat(50) },
  ...reports.slice(0, 3).map((d) => ({ ...d, id: `${d.id}#again` })),
];

async function collect(docs: SourceDocument[], workers: number, cfg = config) {
  const out: { id: string; ok: boolean; code?: string; events?: unknown }[] = [];
  for await (const { item, result } of extractInOrder(docs, (d) => d, { config: cfg, workers })) {
    expect(result).not.toBeNull();
    out.push(result!.ok ? { id: item.id, ok: true, events: result!.doc.events } : { id: item.id, ok: false, code: result!.error.code });
  }
  return out;
}

describe('extractInOrder', () => {
  it('gives the same records as the calling thread, in input order, with bad documents failing alone', async () => {
    const inThread = batch.map((d) => {
      const r = extractDocument(d, { config });
      return r.ok ? { id: d.id, ok: true, events: r.doc.events } : { id: d.id, ok: false, code: r.error.code };
    });
    const parallel = await collect(batch, 2);
    expect(parallel.map((r) => r.id)).toEqual(batch.map((d) => d.id));
    expect(parallel).toEqual(inThread);
    expect(parallel.filter((r) => !r.ok).map((r) => r.id)).toEqual(['empty', 'binary']);
    expect(parallel.filter((r) => r.ok && (r.events as unknown[]).length > 0).length).toBeGreaterThan(3);
  }, 120_000);

  it('passes items with no document through without extracting them', async () => {
    const items = [{ doc: reports[0]! }, { doc: null }, { doc: reports[1]! }];
    const seen: (string | null)[] = [];
    for await (const { item, result } of extractInOrder(items, (it) => it.doc, { config, workers: 2 })) {
      seen.push(result ? (result.ok ? result.doc.id : 'failed') : null);
      expect(result === null).toBe(item.doc === null);
    }
    expect(seen).toEqual([reports[0]!.id, null, reports[1]!.id]);
  }, 120_000);

  it('fails only the document that kills its worker (heap limit) and extracts the ones queued behind it', async () => {
    const small = loadConfig({ VIGIL_LOG_LEVEL: 'silent', VIGIL_EXTRACT_WORKER_HEAP_MB: '64' });
    const huge: SourceDocument = { id: 'huge', source: reports[0]!.source.repeat(Math.ceil(3_000_000 / reports[0]!.source.length)) };
    const docs = [reports[0]!, huge, reports[1]!, reports[2]!, reports[3]!];
    const out = await collect(docs, 2, small);
    expect(out.map((r) => r.id)).toEqual(docs.map((d) => d.id));
    expect(out.filter((r) => !r.ok)).toEqual([{ id: 'huge', ok: false, code: 'VIGIL_ERR_WORKER_FAILED' }]);
  }, 120_000);

  it('reads 0 as one worker per core', () => {
    expect(workerCount(0)).toBeGreaterThanOrEqual(1);
    expect(workerCount(3)).toBe(3);
  });
});
