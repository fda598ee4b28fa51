/**
 * vigil eval GOLD.jsonl… [--json] [--predictions OUT.jsonl] [--gate] [--jobs N]
 * Scores extraction against gold files in the ../shared/eval/FORMAT.md shape and writes per-document predictions.
 */
import type { Command } from 'commander';
import { createWriteStream, existsSync } from 'node:fs';
import { evaluateFile, type EvalFileResult } from '../../eval/run.js';
import { renderReport } from '../../eval/report.js';
import { VigilError } from '../../errors/catalogue.js';
import { parseJobs } from './extract.js';

export function register(program: Command): void {
  program
    .command('eval')
    .description('Run extraction over gold files (FORMAT.md) and print the metrics; write predictions in the same shape')
    .argument('<gold...>', 'gold JSONL files')
    .option('--json', 'print the metrics as JSON')
    .option('--predictions <file>', 'write one prediction line per document (FORMAT.md output shape)')
    .option('--gate', 'exit 1 when an event check (seed.jsonl: every gold event found, historical flagged, no invented dates) fails')
    .option('--no-cluster', 'skip incident clustering')
    .option('-j, --jobs <n>', 'extraction worker threads (0 = one per CPU core; default: config extraction.workers, 1)', parseJobs)
    .action(async (files: string[], opts: { json?: boolean; predictions?: string; gate?: boolean; cluster: boolean; jobs?: number }) => {
      const out = opts.predictions ? createWriteStream(opts.predictions, { encoding: 'utf8' }) : null;
      const results: EvalFileResult[] = [];
      for (const file of files) {
        if (!existsSync(file)) throw new VigilError('VIGIL_ERR_FILE_NOT_FOUND', file);
        const r = await evaluateFile(file, {
          cluster: opts.cluster,
          jobs: opts.jobs,
          onPrediction: out ? (line) => out.write(`${JSON.stringify(line)}\n`) : undefined,
        });
        results.push(r);
        if (!opts.json) process.stdout.write(`${renderReport(r)}\n\n`);
      }
      if (out) await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
      if (opts.json) process.stdout.write(`${JSON.stringify(results.map(({ file, summary, badLines, chars, extractMs, clusterMs }) => ({ file, chars, extractMs, clusterMs, badLines, ...summary })), null, 2)}\n`);
      const failedGate = results.some((r) => r.summary.seed && !r.summary.seed.pass);
      if (opts.gate && failedGate) {
        process.stderr.write('vigil eval: gate FAILED: some gold events were not found (see the event checks above)\n');
        process.exitCode = 1;
      } else if (opts.gate) {
        // the last line says the outcome, so a passing gate never reads like a failure among the metrics above
        const gated = results.filter((r) => r.summary.seed).length;
        process.stderr.write(`vigil eval: gate PASSED: every event check passed in ${gated} gated file(s); the metrics above are for information, not part of the gate\n`);
        if (results.some((r) => r.badLines.length > 0)) process.exitCode = 1;
      } else if (results.some((r) => r.badLines.length > 0)) {
        process.exitCode = 1;
      }
    });
}
