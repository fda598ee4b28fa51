import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/schema.js';
import { evaluateFile } from './run.js';
import type { PredictionLine } from './prediction.js';

const config = loadConfig({ VIGIL_LOG_LEVEL: 'silent' });
const samples = join(import.meta.dirname, '..', '..', 'samples', 'reports');

/** A small gold file in the FORMAT.md shape, written from the project's own sample reports. */
function goldFile(): string {
  const lines = readdirSync(samples)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f, i) => JSON.stringify({ id: f, text: readFileSync(join(samples, f), 'utf8'), published: '2016-08-02', incident: `i${i % 2}`, events: [{ event_type: 'Explosions/Remote violence' }] }));
  lines.splice(1, 0, '{"id": "broken"'); // a bad gold line keeps its place in the report and the file goes on
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-eval-')), 'gold.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('evaluateFile', () => {
  it('scores the same and writes the same predictions, in file order, with two extraction workers as with none', async () => {
    const file = goldFile();
    const run = async (jobs: number) => {
      const preds: PredictionLine[] = [];
      const r = await evaluateFile(file, { config, jobs, onPrediction: (p) => preds.push(p) });
      return { summary: r.summary, badLines: r.badLines, chars: r.chars, preds };
    };
    const one = await run(1);
    const two = await run(2);
    expect(one.preds.length).toBeGreaterThan(2);
    expect(one.badLines.map((b) => b.line)).toEqual([2]);
    expect(two).toEqual(one);
  }, 120_000);
});
