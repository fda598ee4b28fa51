/**
 * The one job-queue interface of Vigil. `vigil watch run` and `vigil worker` only talk to a JobQueue;
 * which engine sits behind it is chosen by the database URL (./index.ts): pg-boss in the same
 * PostgreSQL database (many workers on many machines), or a `jobs` table in the SQLite file (one laptop).
 *
 * Delivery is at least once: a job whose worker dies (kill -9, power loss) runs again. Every step is
 * therefore idempotent, keyed by content (a document's SHA-256, a delivery's (alert, incident, change)
 * row): running it twice stores nothing twice and alerts nothing twice.
 */

/** The pipeline's steps, in order: fetch (and store the originals) -> ingest (extract, store, cluster) -> alert -> deliver. */
export type QueueName = 'fetch' | 'ingest' | 'alert' | 'deliver';
export const QUEUE_NAMES: readonly QueueName[] = ['fetch', 'ingest', 'alert', 'deliver'];

export interface SendOptions {
  /** At most one queued (not yet started) job per key and queue; a second send with the key is dropped. */
  key?: string;
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Attempts after the first one (default: the queue's policy). */
  retryLimit?: number;
  /** Delay before the first retry, doubled on each further retry (milliseconds). */
  retryDelayMs?: number;
}

export interface Job<T = Record<string, unknown>> {
  id: string;
  queue: QueueName;
  data: T;
  /** 0 on the first run. */
  attempt: number;
}

export type JobHandler<T = Record<string, unknown>> = (job: Job<T>) => Promise<void>;

export interface WorkOptions {
  /** Jobs of this queue run at once in this process. */
  concurrency?: number;
}

export interface QueueCounts {
  /** Waiting (created or waiting for a retry). */
  queued: number;
  active: number;
  failed: number;
  completed: number;
}

export interface JobQueue {
  readonly engine: 'sqlite' | 'pg-boss';
  start(): Promise<void>;
  /** Queue a job. Resolves once it is durable (committed). */
  send(queue: QueueName, data: Record<string, unknown>, opts?: SendOptions): Promise<void>;
  /** Run `handler` for jobs of `queue` until stop(). A handler that throws fails the job (retried with backoff). */
  work<T>(queue: QueueName, opts: WorkOptions, handler: JobHandler<T>): Promise<void>;
  counts(): Promise<Record<QueueName, QueueCounts>>;
  /** Stop fetching; wait for running handlers (at most `graceMs`), then close. */
  stop(graceMs?: number): Promise<void>;
}

/** Retry policy per step. Fetch failures are handled by the source's own backoff, so fetch jobs retry only after a crash. */
export const RETRY: Record<QueueName, { retryLimit: number; retryDelayMs: number }> = {
  fetch: { retryLimit: 2, retryDelayMs: 1000 },
  ingest: { retryLimit: 5, retryDelayMs: 1000 },
  alert: { retryLimit: 5, retryDelayMs: 1000 },
  deliver: { retryLimit: 8, retryDelayMs: 2000 },
};
