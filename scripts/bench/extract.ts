/**
 * Extraction throughput and peak memory, end to end (normalize -> code, geoparsing included), on one core.
 *  - the dev evaluation files in ../shared/eval/dev when present (short notes, headlines, full news articles);
 *  - a large synthetic batch of full-length articles (BENCH_ARTICLES_MB, default 20 MB) composed from the
 *    project's own sample reports with varied places and numbers, so the benchmark runs anywhere.
 * Prints MB of text per second and the process's peak RSS.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { extractDocument } from '../../src/extract/pipeline.js';
import { loadConfig } from '../../src/config/schema.js';
import { extractInOrder, workerCount } from '../../src/extract/parallel/pool.js';

const config = loadConfig({ VIGIL_LOG_LEVEL: 'silent' });
const root = join(import.meta.dirname, '..', '..');

type BenchDoc = { id: string; text: string; published?: string | null };

/** Documents are produced lazily so the benchmark's own memory does not hide the extractor's. */
function run(label: string, docs: Iterable<BenchDoc>): void {
  // Warm up lexicons and the gazetteer so load time is not counted as throughput.
  extractDocument({ id: 'warmup', source: 'Warplanes struck Saraqib in Idlib on Monday, killing 3 people.' }, { config });
  let bytes = 0;
  let events = 0;
  let failed = 0;
  let n = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const d of docs) {
    n++;
    bytes += Buffer.byteLength(d.text, 'utf8');
    const r = extractDocument({ id: d.id, source: d.text, published: d.published ?? null }, { config });
    if (r.ok) events += r.doc.events.length;
    else failed++;
  }
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  // CPU seconds of this process: on a shared machine wall-clock time also counts other processes' turns.
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${label.padEnd(34)} ${String(n).padStart(6)} docs  ${(bytes / 1e6).toFixed(2).padStart(7)} MB  ${s.toFixed(2).padStart(7)} s  ` +
      `${(bytes / 1e6 / s).toFixed(2).padStart(6)} MB/s wall  ${(bytes / 1e6 / cpuS).toFixed(2).padStart(6)} MB/CPU-s  ${(n / s).toFixed(0).padStart(6)} docs/s  events ${events}  failed ${failed}`,
  );
}

const evalDir = join(root, '..', 'shared', 'eval', 'dev');
if (process.env.BENCH_DEV === '0') {
  console.log('(BENCH_DEV=0: skipping the dev files)');
} else if (existsSync(evalDir)) {
  for (const f of readdirSync(evalDir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const lines = readFileSync(join(evalDir, f), 'utf8').split('\n').filter(Boolean);
    run(`dev/${f}`, (function* () {
      for (const l of lines) yield JSON.parse(l) as BenchDoc;
    })());
  }
} else {
  console.log('(../shared/eval/dev not found: skipping the dev files)');
}

// Synthetic full-length articles: paragraphs of the sample reports, recombined with other places and figures.
const samples = readdirSync(join(root, 'samples', 'reports'))
  .filter((f) => f.endsWith('.txt') || f.endsWith('.md'))
  .map((f) => readFileSync(join(root, 'samples', 'reports', f), 'utf8'));
const paragraphs = samples.flatMap((s) => s.split(/\n\s*\n/)).filter((p) => p.trim().length > 40);
const places = ['Saraqib', 'Maarat al-Numan', 'Khan Shaykhun', 'Ariha', 'Jisr al-Shughur', 'Atarib', 'Douma', 'Deir ez-Zor', 'Raqqa', 'Mosul', 'Kharkiv', 'Mariupol', 'Kidal', 'Gao', 'Maiduguri'];
let seed = 42;
const rand = (n: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const targetMb = Number(process.env.BENCH_ARTICLES_MB ?? 20);
function* articles(): Generator<BenchDoc> {
  let total = 0;
  let n = 0;
  while (total < targetMb * 1e6) {
    const parts: string[] = [];
    let len = 0;
    while (len < 6000) {
      const p = paragraphs[rand(paragraphs.length)]!
        .replace(/Saraqib|Kharkiv|Khartoum|Abu al-Duhur/g, () => places[rand(places.length)]!)
        .replace(/\b\d{1,3}\b/g, () => String(1 + rand(60)));
      parts.push(p);
      len += p.length;
    }
    const text = parts.join('\n\n');
    total += Buffer.byteLength(text);
    yield { id: `synthetic:${n++}`, text, published: '2017-03-04' };
  }
}
run(`synthetic articles (~6 KB each)`, articles());

const peak = process.resourceUsage().maxRSS / 1024;
console.log(`peak RSS ${peak.toFixed(0)} MB (target <= 300 MB); Node ${process.version}, 1 thread; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);

// The same synthetic batch on one worker thread per core (`vigil extract --jobs 0`): what a whole machine does.
// Wall-clock only (the threads share this process); not a per-core figure, and run after the peak above was taken.
const jobs = workerCount(Number(process.env.BENCH_JOBS ?? 0));
if (jobs > 1 && process.env.BENCH_JOBS !== '1') {
  seed = 42;
  const poolConfig = { ...config, extraction: { ...config.extraction, workers: jobs } };
  // Workers start (lexicons, gazetteer) before the clock does.
  for await (const _ of extractInOrder(Array.from({ length: jobs * 2 }, (_, i) => ({ id: `w${i}`, source: 'Warplanes struck Saraqib on Monday.' })), (d) => d, { config: poolConfig })) void _;
  let bytes = 0;
  let n = 0;
  const t0 = performance.now();
  const inputs = (function* () {
    for (const d of articles()) {
      bytes += Buffer.byteLength(d.text, 'utf8');
      n++;
      yield { id: d.id, source: d.text, published: d.published ?? null };
    }
  })();
  for await (const { result } of extractInOrder(inputs, (d) => d, { config: poolConfig })) if (!result?.ok) console.log('failed', result);
  const s = (performance.now() - t0) / 1000;
  console.log(`synthetic articles, ${jobs} worker threads    ${String(n).padStart(6)} docs  ${(bytes / 1e6).toFixed(2).padStart(7)} MB  ${s.toFixed(2).padStart(7)} s  ${(bytes / 1e6 / s).toFixed(2).padStart(6)} MB/s wall (whole machine)  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}
