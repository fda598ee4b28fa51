/**
 * vigil worker [--db URL] [--allow-private] [--concurrency N]
 *
 * Workers only (no polling): start one per machine against the same PostgreSQL database; they share the
 * pg-boss queue, each job runs on one of them, and adding a worker adds throughput. `vigil watch run`
 * (one of them is enough) polls the sources.
 */
import type { Command } from 'commander';
import { DB_OPTION_HELP } from '../../store/cli-util.js';
import { runUntilStopped } from '../../watch/run.js';

export function register(program: Command): void {
  program
    .command('worker')
    .description('process queued jobs (store, extract, cluster, alert) until stopped; run one per machine')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--allow-private', 'allow feeds and webhooks on private or loopback addresses')
    .option('--concurrency <n>', 'ingest jobs at once in this process (default: config watch.ingestConcurrency, 1)', (v) => Number(v))
    .option('--quiet', 'no JSON lines on stdout')
    .action(async (opts: { db?: string; allowPrivate?: boolean; concurrency?: number; quiet?: boolean }) => {
      await runUntilStopped({ db: opts.db, allowPrivate: opts.allowPrivate, schedule: false, concurrency: opts.concurrency, quiet: opts.quiet });
    });
}
