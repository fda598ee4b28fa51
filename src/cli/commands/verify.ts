/**
 * vigil verify [--db URL] [--json]: re-hash every stored original (Berkeley Protocol integrity check).
 * Exit 1 with VIGIL_ERR_HASH_MISMATCH when any original no longer matches its SHA-256.
 */
import type { Command } from 'commander';
import { ERRORS } from '../../errors/catalogue.js';
import { DB_OPTION_HELP, withStore } from '../../store/cli-util.js';

export function register(program: Command): void {
  program
    .command('verify')
    .description('re-hash every stored original and report any that no longer match their SHA-256')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--user <name>', 'who runs the check (custody log)', 'vigil')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { db?: string; json?: boolean; user: string }) => {
      const report = await withStore(opts, (s) => s.verifyOriginals({ actor: opts.user }));
      if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else {
        process.stdout.write(`verified ${report.checked} original(s): ${report.mismatches.length} mismatch(es)\n`);
        for (const m of report.mismatches) process.stdout.write(`MISMATCH document ${m.documentId}: expected ${m.expected}, got ${m.actual}\n`);
      }
      if (report.mismatches.length) {
        process.stderr.write(`vigil: VIGIL_ERR_HASH_MISMATCH: ${ERRORS.VIGIL_ERR_HASH_MISMATCH.message}\n`);
        process.exitCode = 1;
      }
    });
}
