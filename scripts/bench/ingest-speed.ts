/**
 * Ingest at constant speed (issue 19): N generated short reports (written for this benchmark: templates over a few
 * towns, days and attackers, so that incidents form and grow), ingested in ten equal parts into one fresh SQLite
 * store; prints documents per second for every tenth and the first/last ratio (about 1 when ingest does not slow down
 * as incidents grow).
 *
 *   npx tsx scripts/bench/ingest-speed.ts [N=100000] [--jobs J]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runIngest } from '../../src/cli/commands/ingest.js';

const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const jobs = args.includes('--jobs') ? Number(args[args.indexOf('--jobs') + 1]) : 1;
const towns = ['Saraqib', 'Ariha', 'Maarat al-Numan', 'Khan Shaykhun', 'Jisr al-Shughur', 'Atarib', 'Darat Izza', 'Kafr Nabl', 'Sarmada', 'Binnish', 'Taftanaz', 'Maarrat Misrin'];
const attackers = ['Warplanes', 'Government artillery', 'Gunmen', 'A drone', 'Helicopters'];
const verbs = ['struck', 'shelled', 'attacked', 'hit'];
let seed = 19;
const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];

const dir = mkdtempSync(path.join(tmpdir(), 'vigil-ingest-speed-'));
const db = path.join(dir, 'bench.db');
const per = Math.ceil(n / 10);
const rates: number[] = [];
try {
  for (let part = 0; part < 10; part++) {
    const lines: string[] = [];
    for (let i = part * per; i < Math.min(n, (part + 1) * per); i++) {
      // days advance slowly through the run, so each day and town gets many reports
      const day = new Date(Date.UTC(2019, 0, 1) + Math.floor((i / n) * 365) * 86_400_000).toISOString().slice(0, 10);
      const text = `${pick(attackers)} ${pick(verbs)} ${pick(towns)} in Idlib province on ${day}, killing ${1 + Math.floor(rnd() * 9)} people, a local monitor said. Report ${i}.`;
      lines.push(JSON.stringify({ id: `bench-${i}`, text, published: day, source: pick(['Monitor A', 'Agency B', 'Channel C']) }));
    }
    const file = path.join(dir, `part-${part}.jsonl`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const t = performance.now();
    const s = await runIngest([file], { db, progress: false, jobs });
    const secs = (performance.now() - t) / 1000;
    rates.push(lines.length / secs);
    process.stdout.write(`part ${part + 1}/10: ${lines.length} docs in ${secs.toFixed(1)} s = ${(lines.length / secs).toFixed(1)} docs/s (${s.new} new, ${s.failed} failed, ${s.incidentsTotal} incidents in the store)\n`);
  }
  process.stdout.write(`first 10%: ${rates[0].toFixed(1)} docs/s, last 10%: ${rates[9].toFixed(1)} docs/s, last/first ${(rates[9] / rates[0]).toFixed(2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
