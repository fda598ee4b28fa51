/**
 * vigil watch add URL|PATH [--every SECONDS] [--db URL]   watch an RSS/Atom feed, web page, Telegram export folder or folder
 * vigil watch list [--db URL] [--json]                     sources with their health (last success, last error, items seen / new)
 * vigil watch remove ID|URL [--db URL]                     stop watching (stored documents stay)
 * vigil watch run [--db URL] [--allow-private]             poll due sources and run the workers, until stopped
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config/schema.js';
import { VigilError } from '../../errors/catalogue.js';
import { DB_OPTION_HELP, table, withStore } from '../../store/cli-util.js';
import { watchRepo } from '../../watch/repo.js';
import { runUntilStopped } from '../../watch/run.js';

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new VigilError('VIGIL_ERR_VALIDATION', '--every takes a whole number of seconds >= 1');
  return n;
}

export function register(program: Command): void {
  const watch = program.command('watch').description('watch sources continuously: feeds, pages, Telegram exports, folders');
  watch
    .command('add')
    .description('watch a feed or page URL, a Telegram export folder or a local folder')
    .argument('<target>', 'http(s) URL, folder or file')
    .option('--every <seconds>', 'poll interval in seconds (default: config watch.everySeconds, 300)', seconds)
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'JSON output')
    .action(async (target: string, opts: { every?: number; db?: string; json?: boolean }) => {
      await withStore(opts, async (store) => {
        const s = await watchRepo(store).add(target, opts.every ?? loadConfig().watch.everySeconds);
        process.stdout.write(opts.json ? `${JSON.stringify(s)}\n` : `watching ${s.id}: ${s.url} (${s.kind}, every ${s.everySeconds} s)\n`);
      });
    });
  watch
    .command('list')
    .description('watched sources and their health')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'JSON output')
    .action(async (opts: { db?: string; json?: boolean }) => {
      await withStore(opts, async (store) => {
        const list = await watchRepo(store).list();
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        process.stdout.write(table(['id', 'url', 'kind', 'every', 'last success', 'last error', 'fails', 'seen', 'new', 'next poll'],
          list.map((s) => [s.id, s.url, s.kind, s.everySeconds, s.lastSuccessAt ?? '-', s.lastErrorCode ? `${s.lastErrorAt} ${s.lastErrorCode}` : '-',
            s.failures, s.itemsSeen, s.itemsNew, s.nextPollAt]), 60));
      });
    });
  watch
    .command('remove')
    .description('stop watching a source (what it brought in stays stored)')
    .argument('<id>', 'source id (or its URL / path)')
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (id: string, opts: { db?: string }) => {
      await withStore(opts, async (store) => {
        if (!(await watchRepo(store).remove(id))) throw new VigilError('VIGIL_ERR_NOT_FOUND', `watched source ${id}`);
        process.stdout.write(`removed ${id}\n`);
      });
    });
  watch
    .command('run')
    .description('poll due sources and process their items (fetch, store, extract, cluster, alert) until stopped')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--allow-private', 'allow feeds and webhooks on private or loopback addresses')
    .option('--concurrency <n>', 'ingest jobs at once in this process (default: config watch.ingestConcurrency, 1)', (v) => Number(v))
    .option('--no-workers', 'only schedule polls; `vigil worker` processes (on any machine) run the jobs')
    .option('--quiet', 'no JSON lines on stdout')
    .action(async (opts: { db?: string; allowPrivate?: boolean; concurrency?: number; quiet?: boolean; workers: boolean }) => {
      await runUntilStopped({ db: opts.db, allowPrivate: opts.allowPrivate, schedule: true, work: opts.workers, concurrency: opts.concurrency, quiet: opts.quiet });
    });
}
