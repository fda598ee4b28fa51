/**
 * Extraction throughput and peak memory, end to end (normalize -> code, geoparsing included), on one thread.
 * Inputs:
 *  - the dev evaluation files in ../shared/eval/dev when present (short notes, headlines, full news articles);
 *  - a large synthetic batch of full-length articles (BENCH_ARTICLES_MB, default 20 MB) composed from the
 *    project's own sample reports with varied places and numbers, so the benchmark runs anywhere.
 *
 * Two figures per input, because V8 compiles this code base's hot paths only after a few thousand documents and a
 * fresh process runs two to three times slower until then:
 *  - cold: a fresh process (lexicons and gazetteer loaded, one document extracted) times the whole input from its
 *    first document, JIT warm-up included: what a one-off `vigil extract FILE` sees;
 *  - warm: one long-running process (what `vigil ingest` or a server sees) first extracts a warm-up set (the first
 *    BENCH_WARM_SHARE of every input, default 0.2, and 40 synthetic articles from another seed), untimed, then times
 *    the rest of every input. No timed document was seen during warm-up, so no cache keyed by text inflates it.
 * Prints MB of text per second (wall and per CPU-second of the process) and peak RSS.
 *   BENCH_DEV=0     skip the dev files
 *   BENCH_COLD=0    skip the cold runs;  BENCH_WARM=0  skip the warm run
 *   BENCH_JOBS=N    also run the synthetic articles on N worker threads (default: one per core; 1 = skip)
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { extractDocument } from '../../src/extract/pipeline.js';
import { loadConfig } from '../../src/config/schema.js';
import { extractInOrder, workerCount } from '../../src/extract/parallel/pool.js';

const config = loadConfig({ VIGIL_LOG_LEVEL: 'silent' });
const root = join(import.meta.dirname, '..', '..');

type BenchDoc = { id: string; text: string; published?: string | null };
interface Input {
  label: string;
  /** Produced lazily, so the benchmark's own memory does not hide the extractor's. */
  docs: () => Iterable<BenchDoc>;
  count: number;
}
interface Figures {
  label: string;
  docs: number;
  mb: number;
  wallS: number;
  cpuS: number;
  events: number;
  failed: number;
}

function time(label: string, docs: Iterable<BenchDoc>): Figures {
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
  const cpu = process.cpuUsage(c0);
  return { label, docs: n, mb: bytes / 1e6, wallS: (performance.now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6, events, failed };
}

function line(kind: string, f: Figures): string {
  return (
    `${kind.padEnd(5)} ${f.label.padEnd(36)} ${String(f.docs).padStart(6)} docs ${f.mb.toFixed(2).padStart(6)} MB ${f.wallS.toFixed(2).padStart(6)} s ` +
    `${(f.mb / f.wallS).toFixed(2).padStart(5)} MB/s wall ${(f.mb / f.cpuS).toFixed(2).padStart(5)} MB/CPU-s ${(f.docs / f.wallS).toFixed(0).padStart(5)} docs/s  events ${f.events} failed ${f.failed}`
  );
}

// Lexicons and the gazetteer load on first use; startup is not throughput.
function loadOnce(): void {
  extractDocument({ id: 'load', source: 'Warplanes struck Saraqib in Idlib on Monday, killing 3 people.' }, { config });
}

// ---- inputs -------------------------------------------------------------------------------------------------
const inputs: Input[] = [];
const evalDir = join(root, '..', 'shared', 'eval', 'dev');
if (process.env.BENCH_DEV === '0') {
  if (!process.env.BENCH_CHILD) console.log('(BENCH_DEV=0: skipping the dev files)');
} else if (existsSync(evalDir)) {
  for (const f of readdirSync(evalDir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const file = join(evalDir, f);
    const count = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    inputs.push({
      label: `dev/${f}`,
      count,
      docs: function* () {
        for (const l of readFileSync(file, 'utf8').split('\n')) if (l) yield JSON.parse(l) as BenchDoc;
      },
    });
  }
} else if (!process.env.BENCH_CHILD) {
  console.log('(../shared/eval/dev not found: skipping the dev files)');
}

// Synthetic full-length articles: paragraphs of the sample reports, recombined with other places and figures.
const samples = readdirSync(join(root, 'samples', 'reports'))
  .filter((f) => f.endsWith('.txt') || f.endsWith('.md'))
  .map((f) => readFileSync(join(root, 'samples', 'reports', f), 'utf8'));
const paragraphs = samples.flatMap((s) => s.split(/\n\s*\n/)).filter((p) => p.trim().length > 40);
const places = ['Saraqib', 'Maarat al-Numan', 'Khan Shaykhun', 'Ariha', 'Jisr al-Shughur', 'Atarib', 'Douma', 'Deir ez-Zor', 'Raqqa', 'Mosul', 'Kharkiv', 'Mariupol', 'Kidal', 'Gao', 'Maiduguri'];
function* articles(seed: number, maxMb: number, maxDocs = Infinity): Generator<BenchDoc> {
  const batch = seed;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let total = 0;
  for (let n = 0; total < maxMb * 1e6 && n < maxDocs; n++) {
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
    yield { id: `synthetic:${batch}:${n}`, text, published: '2017-03-04' };
  }
}
const targetMb = Number(process.env.BENCH_ARTICLES_MB ?? 20);
const ARTICLES = `synthetic articles (~6 KB each)`;
inputs.push({ label: ARTICLES, count: Infinity, docs: () => articles(42, targetMb) });

function* slice<T>(it: Iterable<T>, from: number, to: number): Generator<T> {
  let i = 0;
  for (const x of it) {
    if (i >= to) return;
    if (i++ >= from) yield x;
  }
}

// ---- child: one cold run --------------------------------------------------------------------------------------
if (process.env.BENCH_CHILD) {
  const input = inputs.find((i) => i.label === process.env.BENCH_CHILD)!;
  loadOnce();
  const f = time(input.label, input.docs());
  console.log(JSON.stringify({ ...f, peakMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

// ---- parent ---------------------------------------------------------------------------------------------------
let peakMb = 0;
if (process.env.BENCH_COLD !== '0') {
  console.log('cold: a fresh process per input, timed from its first document (JIT warm-up included)');
  for (const input of inputs) {
    const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      env: { ...process.env, BENCH_CHILD: input.label },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const out = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0 || !out.startsWith('{')) {
      console.log(`cold  ${input.label}: failed (${r.status ?? r.signal}) ${r.stderr.slice(-500)}`);
      process.exitCode = 1;
      continue;
    }
    const f = JSON.parse(out) as Figures & { peakMb: number };
    peakMb = Math.max(peakMb, f.peakMb);
    console.log(line('cold', f));
  }
}

if (process.env.BENCH_WARM !== '0') {
  const share = Number(process.env.BENCH_WARM_SHARE ?? 0.2);
  console.log(`warm: one process; the first ${Math.round(share * 100)}% of each input and 40 other articles extracted untimed first, then the rest timed`);
  loadOnce();
  const warmCount = (i: Input): number => (i.label === ARTICLES ? 0 : Math.floor(i.count * share));
  for (const input of inputs) time('warm-up', slice(input.docs(), 0, warmCount(input)));
  time('warm-up', articles(7, Infinity, 40));
  for (const input of inputs) console.log(line('warm', time(input.label, slice(input.docs(), warmCount(input), Infinity))));
  peakMb = Math.max(peakMb, process.resourceUsage().maxRSS / 1024);
}

console.log(`peak RSS ${peakMb.toFixed(0)} MB (target <= 300 MB); Node ${process.version}, 1 thread; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);

// The synthetic batch on one worker thread per core (`vigil extract --jobs 0`): what a whole machine does.
// Wall-clock only (the threads share this process); not a per-core figure, and run after the peak above was taken.
const jobs = workerCount(Number(process.env.BENCH_JOBS ?? 0));
if (jobs > 1 && process.env.BENCH_JOBS !== '1') {
  const poolConfig = { ...config, extraction: { ...config.extraction, workers: jobs } };
  // Workers start (lexicons, gazetteer) before the clock does.
  for await (const _ of extractInOrder(Array.from({ length: jobs * 2 }, (_, i) => ({ id: `w${i}`, source: 'Warplanes struck Saraqib on Monday.' })), (d) => d, { config: poolConfig })) void _;
  let bytes = 0;
  let n = 0;
  const t0 = performance.now();
  const batch = (function* () {
    for (const d of articles(42, targetMb)) {
      bytes += Buffer.byteLength(d.text, 'utf8');
      n++;
      yield { id: d.id, source: d.text, published: d.published ?? null };
    }
  })();
  for await (const { result } of extractInOrder(batch, (d) => d, { config: poolConfig })) if (!result?.ok) console.log('failed', result);
  const s = (performance.now() - t0) / 1000;
  console.log(`synthetic articles, ${jobs} worker threads (cold)  ${String(n).padStart(6)} docs  ${(bytes / 1e6).toFixed(2).padStart(7)} MB  ${s.toFixed(2).padStart(7)} s  ${(bytes / 1e6 / s).toFixed(2).padStart(6)} MB/s wall (whole machine)  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}
