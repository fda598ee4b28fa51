#!/usr/bin/env node
// `npm run bench`: runs every benchmark in scripts/bench/ (or those named on the command line), one process each,
// so that each one's peak memory is its own. Each prints its figures; see docs/benchmarks.md for the latest.
//   npm run bench                 all of them
//   npm run bench -- extract geo  only these
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Extraction keeps about 50 MB of live heap (lexicons, gazetteer memo) but V8 lets garbage grow the heap to 200 MB
// before collecting; a smaller young generation and an old-space cap make it collect sooner at no measurable cost in
// throughput (peak RSS 360 -> about 250 MB on the dev files + synthetic articles). The cap suits the benchmark's
// documents (notes, articles of a few KB); a multi-megabyte document needs the default heap.
const NODE_FLAGS = { extract: ['--max-old-space-size=128', '--max-semi-space-size=4'] };

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const wanted = process.argv.slice(2);
const all = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
const names = wanted.length ? wanted : all;
let failed = 0;
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`bench: no benchmark named ${name} (have: ${all.join(', ')})`);
    failed++;
    continue;
  }
  console.log(`\n### ${name}`);
  const r = spawnSync(process.execPath, [...(NODE_FLAGS[name] ?? []), '--import', 'tsx', join(dir, `${name}.ts`)], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`bench: ${name} exited with ${r.status ?? r.signal}`);
    failed++;
  }
}
process.exitCode = failed ? 1 : 0;
