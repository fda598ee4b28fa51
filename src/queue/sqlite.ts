/**
 * The SQLite JobQueue: a `jobs` table in the store's own file (migration 6), for one laptop. Claiming a
 * job is one UPDATE ... RETURNING inside SQLite's write lock, so two processes on the same file never
 * run the same job at once. A job stays `active` with its owner (host:pid) until its handler resolves
 * (then it is deleted: done) or throws (retried after retry_delay_ms x 2^attempt, or `failed` after
 * retry_limit retries). A job whose owner died (kill -9) is taken back at the next start, or by any
 * worker once its lease expires.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { SqlConn } from '../store/dialect.js';
import { RETRY, QUEUE_NAMES, type Job, type JobHandler, type JobQueue, type QueueCounts, type QueueName, type SendOptions, type WorkOptions } from './types.js';
import { Wakeups } from './wakeups.js';

export interface SqliteQueueOptions {
  /** How often an idle worker looks for jobs sent by other processes (milliseconds). */
  pollMs?: number;
  /** How long a claimed job is reserved for its worker before another may take it (milliseconds). */
  leaseMs?: number;
  /** Per-queue retry policy overrides. */
  retry?: Partial<Record<QueueName, { retryLimit: number; retryDelayMs: number }>>;
}

interface Tx extends SqlConn {}
interface DialectLike extends SqlConn {
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

interface JobRow {
  id: number;
  queue: string;
  data: string;
  attempts: number;
}

const HOST = hostname();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class SqliteQueue implements JobQueue {
  readonly engine = 'sqlite' as const;
  private readonly owner = `${HOST}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly retry: Record<QueueName, { retryLimit: number; retryDelayMs: number }>;
  private stopping = false;
  private readonly running = new Set<Promise<void>>();
  private readonly wakeups = new Wakeups();
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(private readonly db: DialectLike, opts: SqliteQueueOptions = {}) {
    this.pollMs = opts.pollMs ?? 250;
    this.leaseMs = opts.leaseMs ?? 10 * 60_000;
    this.retry = { ...RETRY, ...(opts.retry ?? {}) };
  }

  async start(): Promise<void> {
    await this.reclaim();
    this.sweepTimer = setInterval(() => { this.reclaim().catch(() => undefined); }, 10_000);
    this.sweepTimer.unref();
  }

  /** Jobs left `active` by a dead process on this host, or whose lease ran out, become runnable again (counting as an attempt). */
  private async reclaim(): Promise<void> {
    const now = Date.now();
    const active = await this.db.all<{ id: number; owner: string | null; lease_until_ms: number | null }>(
      `SELECT id, owner, lease_until_ms FROM jobs WHERE state = 'active'`);
    for (const j of active) {
      const [host, pid] = (j.owner ?? '').split(':');
      const dead = host === HOST && Number(pid) !== process.pid && !pidAlive(Number(pid));
      const expired = j.lease_until_ms !== null && Number(j.lease_until_ms) < now;
      if (!dead && !expired) continue;
      await this.db.transaction(async (tx) => {
        // Only if still held by that owner (another worker may have reclaimed it meanwhile).
        const r = await tx.get<{ attempts: number; retry_limit: number }>(
          `SELECT attempts, retry_limit FROM jobs WHERE id = ? AND state = 'active' AND owner IS ?`, [j.id, j.owner]);
        if (!r) return;
        const attempts = Number(r.attempts) + 1;
        // A queued twin with the same key may exist (sent while this one ran): then this one is dropped.
        const state = attempts > Number(r.retry_limit) ? 'failed' : 'retry';
        await tx.run(`DELETE FROM jobs WHERE id <> ? AND state IN ('created', 'retry') AND (queue, job_key) = (SELECT queue, job_key FROM jobs WHERE id = ?)`, [j.id, j.id]);
        await tx.run(`UPDATE jobs SET state = ?, attempts = ?, owner = NULL, lease_until_ms = NULL, run_after_ms = ?, last_error = ? WHERE id = ?`,
          [state, attempts, now, `worker ${j.owner} stopped before finishing`, j.id]);
      });
    }
  }

  async send(queue: QueueName, data: Record<string, unknown>, opts: SendOptions = {}): Promise<void> {
    const p = this.retry[queue];
    await this.db.run(
      `INSERT INTO jobs (queue, data, job_key, state, attempts, retry_limit, retry_delay_ms, run_after_ms, created_at)
       VALUES (?, ?, ?, 'created', 0, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [queue, JSON.stringify(data), opts.key ?? null, opts.retryLimit ?? p.retryLimit, opts.retryDelayMs ?? p.retryDelayMs,
        Date.now() + (opts.delayMs ?? 0), new Date().toISOString()]);
    // Wake this process's idle workers at once (other processes see it at their next poll).
    this.wakeups.wake(queue);
  }

  private async claim(queue: QueueName): Promise<JobRow | undefined> {
    const now = Date.now();
    return this.db.transaction((tx) => tx.get<JobRow>(
      `UPDATE jobs SET state = 'active', owner = ?, lease_until_ms = ?
       WHERE id = (SELECT id FROM jobs WHERE queue = ? AND state IN ('created', 'retry') AND run_after_ms <= ? ORDER BY run_after_ms, id LIMIT 1)
       RETURNING id, queue, data, attempts`, [this.owner, now + this.leaseMs, queue, now]));
  }

  private async finish(row: JobRow, error: unknown): Promise<void> {
    if (error === undefined) {
      await this.db.run(`DELETE FROM jobs WHERE id = ? AND owner = ?`, [row.id, this.owner]);
      return;
    }
    await this.db.transaction(async (tx) => {
      const r = await tx.get<{ attempts: number; retry_limit: number; retry_delay_ms: number }>(
        `SELECT attempts, retry_limit, retry_delay_ms FROM jobs WHERE id = ? AND owner = ?`, [row.id, this.owner]);
      if (!r) return;
      const attempts = Number(r.attempts) + 1;
      const failed = attempts > Number(r.retry_limit);
      const delay = Number(r.retry_delay_ms) * 2 ** (attempts - 1);
      if (!failed) await tx.run(`DELETE FROM jobs WHERE id <> ? AND state IN ('created', 'retry') AND (queue, job_key) = (SELECT queue, job_key FROM jobs WHERE id = ?)`, [row.id, row.id]);
      await tx.run(`UPDATE jobs SET state = ?, attempts = ?, owner = NULL, lease_until_ms = NULL, run_after_ms = ?, last_error = ?, done_at = ? WHERE id = ?`,
        [failed ? 'failed' : 'retry', attempts, Date.now() + delay, String((error as Error)?.message ?? error).slice(0, 2000), failed ? new Date().toISOString() : null, row.id]);
    });
  }

  async work<T>(queue: QueueName, opts: WorkOptions, handler: JobHandler<T>): Promise<void> {
    const n = Math.max(1, opts.concurrency ?? 1);
    for (let i = 0; i < n; i++) {
      const loop = (async () => {
        while (!this.stopping) {
          let row: JobRow | undefined;
          try {
            row = await this.claim(queue);
          } catch {
            row = undefined; // database busy: try again after the poll interval
          }
          if (!row) {
            await this.wakeups.wait(queue, this.pollMs);
            continue;
          }
          const job: Job<T> = { id: String(row.id), queue, data: JSON.parse(row.data) as T, attempt: Number(row.attempts) };
          let error: unknown;
          try {
            await handler(job);
          } catch (e) {
            error = e ?? new Error('job failed');
          }
          await this.finish(row, error).catch(() => undefined);
        }
      })();
      this.running.add(loop);
      void loop.finally(() => this.running.delete(loop));
    }
  }

  async counts(): Promise<Record<QueueName, QueueCounts>> {
    const out = Object.fromEntries(QUEUE_NAMES.map((q) => [q, { queued: 0, active: 0, failed: 0, completed: 0 }])) as Record<QueueName, QueueCounts>;
    for (const r of await this.db.all<{ queue: QueueName; state: string; n: number }>(`SELECT queue, state, count(*) AS n FROM jobs GROUP BY queue, state`)) {
      const c = out[r.queue];
      if (!c) continue;
      if (r.state === 'created' || r.state === 'retry') c.queued += Number(r.n);
      else if (r.state === 'active') c.active += Number(r.n);
      else if (r.state === 'failed') c.failed += Number(r.n);
    }
    return out;
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.wakeups.wakeAll();
    await Promise.race([Promise.all([...this.running]), new Promise((r) => setTimeout(r, graceMs).unref())]);
  }
}
