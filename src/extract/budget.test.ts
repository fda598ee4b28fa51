import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/schema.js';
import { Budget, budgetLimits, spend, withBudget } from './budget.js';
import { extractDocument } from './pipeline.js';
import { extractInOrder } from './parallel/pool.js';

const report = 'Gunmen attacked a checkpoint near Aleppo on Monday, killing 3 soldiers. ';

describe('document budget', () => {
  it('throws VIGIL_ERR_DOCUMENT_TIMEOUT when the work runs out, and only inside withBudget', () => {
    const b = new Budget({ timeoutMs: 60_000, work: 10 });
    expect(() => withBudget(b, () => { for (let i = 0; i < 11; i++) spend(); })).toThrow(expect.objectContaining({ code: 'VIGIL_ERR_DOCUMENT_TIMEOUT' }));
    expect(() => { for (let i = 0; i < 100; i++) spend(); }).not.toThrow();
  });

  it('throws when the clock passes the deadline (fake clock)', () => {
    let now = 0;
    const b = new Budget({ timeoutMs: 100, work: 1e9 }, () => now);
    b.checkClock();
    now = 101;
    expect(() => b.checkClock()).toThrow(expect.objectContaining({ code: 'VIGIL_ERR_DOCUMENT_TIMEOUT' }));
  });

  it('scales the work budget with the size of the document, with a floor', () => {
    const cfg = { documentTimeoutMs: 1000, documentWorkPerKb: 100, documentWorkMin: 500 };
    expect(budgetLimits(cfg, 10).work).toBe(500);
    expect(budgetLimits(cfg, 10 * 1024).work).toBe(1000);
  });

  it('fails the one document over its budget with a code and extracts the others', () => {
    const config = loadConfig({ VIGIL_LOG_LEVEL: 'silent' }, { extraction: { documentWorkMin: 50, documentWorkPerKb: 50 } });
    const big = { id: 'big', source: '3 killed '.repeat(4000) };
    const r = extractDocument(big, { config });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('VIGIL_ERR_DOCUMENT_TIMEOUT');
    const ok = extractDocument({ id: 'small', source: report }, { config: loadConfig({ VIGIL_LOG_LEVEL: 'silent' }) });
    expect(ok.ok && ok.doc.events.length).toBeGreaterThan(0);
  });

  it('with --jobs, a document over its time budget fails alone and the batch goes on in order', async () => {
    // a 1 ms budget: each document either finishes, fails cooperatively, or its worker is killed and replaced
    const config = loadConfig({ VIGIL_LOG_LEVEL: 'silent' }, { extraction: { documentTimeoutMs: 1 } });
    const docs = [{ id: 'a', source: report }, { id: 'b', source: report.repeat(300) }, { id: 'c', source: report }];
    const seen: string[] = [];
    for await (const { item, result } of extractInOrder(docs, (d) => d, { config, workers: 2 })) {
      seen.push(item.id);
      expect(result!.ok || result!.error.code === 'VIGIL_ERR_DOCUMENT_TIMEOUT').toBe(true);
    }
    expect(seen).toEqual(['a', 'b', 'c']);
  }, 120_000);
});
