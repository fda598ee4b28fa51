/**
 * Golden fixtures: fixtures/in/<name>.(txt|html|md) [+ <name>.meta.json with published / language]
 * -> fixtures/out/<name>.json. The output holds what a reviewer checks: language, the recognized mentions
 * (actors, weapons, numbers, dates, attribution, sources) and the event records without evidence offsets.
 * Regenerate after an intended change with:  REGEN=1 npx vitest run src/extract/golden.test.ts
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractDocument } from './pipeline.js';
import { decodeText, mediaTypeFor } from './input.js';
import type { Doc } from '../model/document.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');
const inDir = join(root, 'in');
const outDir = join(root, 'out');
const regen = process.env.REGEN === '1';

function project(doc: Doc): unknown {
  const mention = (kinds: string[]) =>
    doc.mentions
      .filter((m) => kinds.includes(m.kind))
      .sort((a, b) => a.start - b.start)
      .map((m) => ({ kind: m.kind, text: m.text, value: m.value }));
  return {
    language: doc.language,
    title: doc.title,
    sentences: doc.sentences.length,
    mentions: mention(['actor', 'weapon', 'number', 'date', 'attribution', 'source-cue']),
    events: doc.events.map((e) => ({
      kind: e.kind,
      eventType: e.eventType,
      subEventType: e.subEventType,
      historical: e.historical,
      date: e.date,
      location: e.location ? { name: e.location.name, mention: e.location.mention, country: e.location.country, precision: e.location.precision } : null,
      actors: e.actors.map((a) => `${a.name} [${a.role}]`),
      weapons: e.weapons.map((w) => (w.concern ? `${w.name} (concern)` : w.name)),
      fatalities: e.fatalities,
      injured: e.injured,
      civilianFatalities: e.civilianFatalities,
      strikes: e.strikes,
      attribution: e.attribution,
    })),
  };
}

const inputs = existsSync(inDir) ? readdirSync(inDir).filter((f) => /\.(txt|html|md)$/.test(f)).sort() : [];

describe('golden fixtures', () => {
  it('has fixtures', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(8);
  });
  for (const file of inputs) {
    it(file, () => {
      const name = file.replace(/\.(txt|html|md)$/, '');
      const metaFile = join(inDir, `${name}.meta.json`);
      const meta = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as { published?: string; language?: string }) : {};
      const r = extractDocument({
        id: name,
        source: decodeText(readFileSync(join(inDir, file))),
        mediaType: mediaTypeFor(file),
        published: meta.published ?? null,
        language: meta.language ?? null,
      });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const got = project(r.doc);
      const outFile = join(outDir, `${name}.json`);
      if (regen || !existsSync(outFile)) {
        mkdirSync(outDir, { recursive: true });
        writeFileSync(outFile, `${JSON.stringify(got, null, 2)}\n`);
      }
      expect(got).toEqual(JSON.parse(readFileSync(outFile, 'utf8')));
    });
  }
});
