/**
 * vigil verify [--db URL] [--json] [--digest FILE]: re-hash every stored original (Berkeley Protocol integrity check)
 * against its stored hash, its document's hash and the custody log's first hash, and check that every document has
 * its original. Exit 1 with VIGIL_ERR_HASH_MISMATCH / VIGIL_ERR_ORIGINAL_MISSING when one does not.
 * --digest writes a Merkle root per capture day (and one over the days) to FILE, to be timestamped outside Vigil.
 */
import { writeFileSync } from 'node:fs';
import { merkleRoot } from '../../store/merkle.js';
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
    .option('--digest <file>', 'write a Merkle root per capture day of all originals (JSON) to timestamp outside Vigil')
    .action(async (opts: { db?: string; json?: boolean; user: string; digest?: string }) => {
      const report = await withStore(opts, (s) => s.verifyOriginals({ actor: opts.user }));
      if (opts.digest) {
        const digest = {
          algorithm: 'RFC 6962 Merkle tree hash, SHA-256; leaves: the SHA-256 of each original captured that day (UTC), in document id order',
          createdAt: new Date().toISOString(),
          originals: report.checked,
          root: merkleRoot(report.days.map((d) => d.root)),
          days: report.days,
        };
        writeFileSync(opts.digest, `${JSON.stringify(digest, null, 2)}\n`);
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else {
        process.stdout.write(`verified ${report.checked} original(s): ${report.mismatches.length} mismatch(es), ${report.missing.length} missing\n`);
        for (const m of report.mismatches) process.stdout.write(`MISMATCH document ${m.documentId}: expected ${m.expected}, got ${m.actual}\n`);
        for (const m of report.missing) process.stdout.write(`MISSING original of document ${m.documentId}${m.expected ? ` (sha256 ${m.expected})` : ''}\n`);
      }
      if (report.mismatches.length) {
        process.stderr.write(`vigil: VIGIL_ERR_HASH_MISMATCH: ${ERRORS.VIGIL_ERR_HASH_MISMATCH.message}\n`);
        process.exitCode = 1;
      }
      if (report.missing.length) {
        process.stderr.write(`vigil: VIGIL_ERR_ORIGINAL_MISSING: ${ERRORS.VIGIL_ERR_ORIGINAL_MISSING.message}\n`);
        process.exitCode = 1;
      }
    });
}
