/**
 * The long-running processes: `vigil watch run` (scheduler + workers) and `vigil worker` (workers only).
 * Each writes one JSON line per poll, stored item and delivery to stdout (journald / docker logs keep
 * them) and stops cleanly on SIGINT / SIGTERM: running jobs finish, nothing queued is lost.
 */
import { loadConfig, type VigilConfig } from '../config/schema.js';
import { extractDocument } from '../extract/pipeline.js';
import { openStore } from '../store/index.js';
import { dbUrl } from '../store/cli-util.js';
import { openQueue } from '../queue/index.js';
import { Scheduler, makeRuntime, recover, startWorkers, type Runtime, type WatchEvents } from './pipeline.js';

export interface RunOptions {
  db?: string;
  allowPrivate?: boolean;
  /** Poll sources (watch run) as well as work jobs. */
  schedule: boolean;
  /** Run the job handlers in this process (default true; `watch run --no-workers` only schedules polls). */
  work?: boolean;
  /** Ingest jobs at once in this process. */
  concurrency?: number;
  /** Quiet: no JSON lines. */
  quiet?: boolean;
  /** Stop after this many milliseconds (benchmarks); default: until a signal. */
  forMs?: number;
}

const STATS_EVERY_MS = Number(process.env.VIGIL_STATS_EVERY_MS ?? 60_000);

function line(o: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ t: new Date().toISOString(), ...o })}\n`);
}

export function logEvents(quiet: boolean): WatchEvents {
  if (quiet) return {};
  return {
    polled: (src, r) => line({ ev: 'polled', source: src.id, url: src.url, ...r }),
    ingested: (sha, r) => line({ ev: 'stored', sha256: sha, ...r }),
    delivered: (id, channel, ok, error) => line({ ev: 'delivered', delivery: id, channel, ok, ...(error ? { error } : {}) }),
  };
}

export async function startRuntime(opts: RunOptions, config: VigilConfig = loadConfig(process.env, opts.db ? { database: { url: opts.db } } : {})): Promise<{ rt: Runtime; stop: () => Promise<void> }> {
  const store = await openStore(dbUrl(opts));
  const queue = await openQueue(store, {
    pollMs: config.watch.jobPollMs,
    retry: { deliver: { retryLimit: config.alerts.retryLimit, retryDelayMs: config.alerts.retryDelayMs } },
  });
  await queue.start();
  const rt = makeRuntime(store, queue, config, { allowPrivate: opts.allowPrivate, on: logEvents(!!opts.quiet) });
  // Load the extractor's data (gazetteer, lexicons) before the first job, so the first item is not late.
  extractDocument({ id: 'warm-up', source: 'Warm-up: two people were killed in a shelling of Aleppo on 3 March 2024.', mediaType: 'text/plain' }, { config });
  const rec = await recover(rt);
  if (!opts.quiet && (rec.items || rec.deliveries)) line({ ev: 'recovered', ...rec });
  if (opts.work !== false) await startWorkers(rt, { ingestConcurrency: opts.concurrency });
  const scheduler = opts.schedule ? new Scheduler(rt) : null;
  scheduler?.start();
  // Once a minute: memory and queue depth, so an operator (or a benchmark) can see the process stays flat.
  const stats = opts.quiet ? null : setInterval(() => {
    const m = process.memoryUsage();
    queue.counts().then((c) => line({ ev: 'stats', rssMB: Math.round(m.rss / 1e5) / 10, heapUsedMB: Math.round(m.heapUsed / 1e5) / 10, queued: Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.queued])) })).catch(() => undefined);
  }, STATS_EVERY_MS);
  stats?.unref();
  const stop = async () => {
    if (stats) clearInterval(stats);
    scheduler?.stop();
    await queue.stop(10_000);
    await store.close();
  };
  return { rt, stop };
}

/** Run until SIGINT / SIGTERM (or `forMs`). */
export async function runUntilStopped(opts: RunOptions): Promise<void> {
  const { rt, stop } = await startRuntime(opts);
  if (!opts.quiet) line({ ev: 'started', role: opts.schedule ? (opts.work === false ? 'scheduler' : 'watch') : 'worker', engine: rt.queue.engine, pid: process.pid });
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (opts.forMs) setTimeout(done, opts.forMs);
  });
  await stop();
  if (!opts.quiet) line({ ev: 'stopped' });
}
