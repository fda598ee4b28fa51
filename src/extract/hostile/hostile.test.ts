/**
 * Hostile documents: a seeded fuzz run over thousands of generated documents of the shapes that once made extraction
 * superlinear (./shapes.ts) and mixtures of them, and a scaling check per shape. Speed figures are not asserted in
 * absolute terms (the machine is shared): each fuzz document must end within its budget with an outcome and a code,
 * and for each shape four times the input may take at most about four times as long (with slack), where a quadratic
 * path takes sixteen times.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/schema.js';
import type { SourceDocument } from '../../model/document.js';
import { extractDocument } from '../pipeline.js';
import { extractInOrder } from '../parallel/pool.js';
import { SHAPES } from './shapes.js';
import { rootLogger } from '../../log.js';

const logger = rootLogger.child({}, { level: 'silent' });

const config = loadConfig({ VIGIL_LOG_LEVEL: 'silent' }, { extraction: { documentTimeoutMs: 10_000 } });

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const PIECES = ['1 ', 'killed ', '[', '](', '**', '(', ')', '\u0301', '\u0316', '<div>', '</div>', '<p>', ' ', '\n', 'Aleppo ', 'on 3 May 2016 ', 'a man ', 'and ', ', ', '. ', 'شخص ', 'убиты ', '\u200b', '&amp;', '#'];

/** A document of `n` documents: shapes at random sizes, random mixtures of their pieces, and the odd good report. */
function* fuzzDocs(n: number, rnd: () => number): Generator<SourceDocument> {
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const size = 50 + Math.floor(rnd() ** 2 * 6000);
    if (r < 0.5) {
      const shape = SHAPES[Math.floor(rnd() * SHAPES.length)];
      yield { id: `fuzz-${i}-${shape.name}`, ...shape.make(size) };
    } else if (r < 0.95) {
      let t = '';
      while (t.length < size) t += PIECES[Math.floor(rnd() * PIECES.length)];
      const mediaType = rnd() < 0.2 ? 'text/html' : rnd() < 0.2 ? 'text/markdown' : undefined;
      yield { id: `fuzz-${i}-mix`, source: t, ...(mediaType ? { mediaType } : {}) };
    } else {
      yield { id: `fuzz-${i}-report`, source: 'Gunmen attacked a checkpoint near Aleppo on Monday, killing 3 soldiers.' };
    }
  }
}

describe('hostile documents', () => {
  it('every fuzz document ends within its budget with an outcome and a code, and the batch never stops', async () => {
    const docs = [...fuzzDocs(3000, seeded(19))];
    const seen: string[] = [];
    let slowest = 0;
    let last = performance.now();
    for await (const { item, result } of extractInOrder(docs, (d) => d, { config, workers: 1, logger })) {
      const now = performance.now();
      slowest = Math.max(slowest, now - last);
      last = now;
      seen.push(item.id);
      expect(result).not.toBeNull();
      if (!result!.ok) expect(result!.error.code, item.id).toMatch(/^VIGIL_ERR_[A-Z_]+$/);
    }
    expect(seen).toEqual(docs.map((d) => d.id));
    expect(slowest).toBeLessThan(config.extraction.documentTimeoutMs + 2000);
    // the good reports among them were extracted
    expect(docs.filter((d) => d.id.endsWith('-report')).length).toBeGreaterThan(50);
  }, 240_000);

  it('four times the input takes at most about four times as long, for every shape', () => {
    extractDocument({ id: 'warm', source: 'Gunmen attacked a checkpoint near Aleppo on Monday, killing 3 soldiers.' }, { config, logger });
    const cpuMs = (doc: Pick<SourceDocument, 'source' | 'mediaType'>) => {
      const t = process.cpuUsage();
      extractDocument({ id: 'scale', ...doc }, { config, logger });
      const d = process.cpuUsage(t);
      return (d.user + d.system) / 1000;
    };
    const ratios: Record<string, number> = {};
    for (const shape of SHAPES) {
      cpuMs(shape.make(8_000)); // warm this shape's code paths
      const small = Math.max(5, cpuMs(shape.make(24_000)));
      const large = cpuMs(shape.make(96_000));
      ratios[shape.name] = Math.round((large / small) * 10) / 10;
    }
    // linear: about 4; quadratic: about 16. Slack for a shared machine and garbage collection.
    for (const [name, r] of Object.entries(ratios)) expect(r, `${name}: ${JSON.stringify(ratios)}`).toBeLessThan(9);
  }, 240_000);
});
