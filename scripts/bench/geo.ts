/**
 * Geoparser benchmark: gazetteer load time, its memory, and toponyms resolved per second.
 *
 *   npx tsx scripts/bench/geo.ts [FILE.jsonl|FILE.txt]
 *
 * Without a file it geoparses generated conflict-report sentences (no evaluation data needed).
 * With a JSONL file (one {"text": ...} per line, e.g. ../shared/eval/dev/geowebnews.jsonl) it uses those texts.
 */
import { readFileSync } from 'node:fs';
import { loadGazetteer } from '../../src/geo/gazetteer.js';
import { geoparse } from '../../src/geo/geoparse.js';

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
if (global.gc) global.gc();
const before = process.memoryUsage();
const t0 = performance.now();
const gz = loadGazetteer({ userDir: null });
const loadMs = performance.now() - t0;
if (global.gc) global.gc();
const after = process.memoryUsage();

function texts(): string[] {
  const f = process.argv[2];
  if (f) {
    const raw = readFileSync(f, 'utf8');
    return f.endsWith('.jsonl') ? raw.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text) : [raw];
  }
  const places = ['Saraqib', 'Idlib', 'Aleppo', 'Kharkiv', 'Bakhmut', 'Khan Shaykhun', 'Mosul', 'Gaza', 'Deir ez-Zor', 'Tripoli', 'Maarat al-Numan', 'Homs'];
  const verbs = ['struck', 'shelled', 'bombed', 'hit', 'targeted'];
  const out: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const a = places[i % places.length];
    const b = places[(i * 7 + 3) % places.length];
    out.push(`Russian jets from Hmeimim ${verbs[i % verbs.length]} ${a} on Tuesday, killing ${i % 9} civilians, activists said. ` +
      `Syrian government forces shelled villages near ${b} in the ${a} countryside, the Observatory reported.`);
  }
  return out;
}

const docs = texts();
const chars = docs.reduce((n, t) => n + t.length, 0);
const t1 = performance.now();
let toponyms = 0;
for (const t of docs) toponyms += geoparse(t, { gazetteer: gz }).length;
const secs = (performance.now() - t1) / 1000;

console.log(`gazetteer: ${gz.size} places, ${gz.volumes.reduce((n, v) => n + v.keyCount, 0)} name keys`);
console.log(`load time: ${loadMs.toFixed(0)} ms`);
console.log(`memory: data ${mb(gz.bytes)}; heap +${mb(after.heapUsed - before.heapUsed)}; external+arrayBuffers +${mb(after.external + after.arrayBuffers - before.external - before.arrayBuffers)}; RSS ${mb(after.rss)}`);
console.log(`geoparse: ${docs.length} docs, ${(chars / 1e6).toFixed(2)} M chars, ${toponyms} toponyms in ${secs.toFixed(2)} s = ${(toponyms / secs).toFixed(0)} toponyms/s, ${(chars / 1e6 / secs).toFixed(2)} M chars/s`);
