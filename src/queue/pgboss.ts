/**
 * The PostgreSQL JobQueue: pg-boss (10.x, the last line supporting Node 20) in its own schema `pgboss` of
 * the same database as the store. Workers on any number of machines fetch jobs with
 * SELECT ... FOR UPDATE SKIP LOCKED, so each job runs on one worker at a time; a worker that dies leaves
 * its job `active` until its expiry, after which pg-boss's supervisor retries it.
 *
 * Our own fetch loop (pg-boss `fetch` + `complete` / `fail`) rather than `boss.work`: pg-boss 10's
 * worker waits out its polling interval (at least 500 ms) even after a job, which capped a worker at
 * two short jobs per second; here a worker takes the next job at once and sleeps only when idle.
 */
import PgBoss from 'pg-boss';
import { RETRY, QUEUE_NAMES, type Job, type JobHandler, type JobQueue, type QueueCounts, type QueueName, type SendOptions, type WorkOptions } from './types.js';
import { Wakeups } from './wakeups.js';

export interface PgBossQueueOptions {
  /** How often an idle worker polls for jobs (milliseconds). */
  pollMs?: number;
  /** A job running longer than this is taken to have lost its worker and is retried (seconds). */
  expireInSeconds?: number;
  /** How often pg-boss's supervisor looks for expired jobs (seconds). */
  superviseSeconds?: number;
  retry?: Partial<Record<QueueName, { retryLimit: number; retryDelayMs: number }>>;
  /** Connections of pg-boss's own pool. */
  max?: number;
}

export class PgBossQueue implements JobQueue {
  readonly engine = 'pg-boss' as const;
  readonly boss: PgBoss;
  private readonly pollMs: number;
  private readonly expireInSeconds: number;
  private readonly retry: Record<QueueName, { retryLimit: number; retryDelayMs: number }>;
  private stopping = false;
  private readonly running = new Set<Promise<void>>();
  private readonly wakeups = new Wakeups();

  constructor(url: string, opts: PgBossQueueOptions = {}) {
    this.pollMs = opts.pollMs ?? 250;
    this.expireInSeconds = opts.expireInSeconds ?? 300;
    this.retry = { ...RETRY, ...(opts.retry ?? {}) };
    this.boss = new PgBoss({
      connectionString: url,
      max: opts.max ?? 4,
      schema: 'pgboss',
      application_name: 'vigil-worker',
      // Expired active jobs (a worker killed mid-job) are found by the supervisor.
      maintenanceIntervalSeconds: opts.superviseSeconds ?? 30,
      // No cron: Vigil schedules polls from watch_sources itself.
      schedule: false,
    } as PgBoss.ConstructorOptions);
    // An idle connection dropping must not crash the worker; the next fetch reports it.
    this.boss.on('error', () => undefined);
  }

  async start(): Promise<void> {
    await this.boss.start();
    // Workers starting together on a fresh database race to create the queues (pg-boss makes a table
    // partition per queue): a deadlock or duplicate there is retried after a short random wait.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.setupQueues();
        return;
      } catch (e) {
        const code = (e as { code?: string }).code ?? '';
        if (attempt >= 9 || !['40P01', '23505', '42P07', '40001'].includes(code)) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
      }
    }
  }

  private async setupQueues(): Promise<void> {
    for (const q of QUEUE_NAMES) {
      const r = this.retry[q];
      // 'short': at most one queued job per key (every Vigil job has a key).
      const opts = { name: q, policy: 'short' as const, retryLimit: r.retryLimit, retryDelay: Math.max(1, Math.round(r.retryDelayMs / 1000)), retryBackoff: true, expireInSeconds: this.expireInSeconds };
      const cur = await this.boss.getQueue(q);
      if (!cur) await this.boss.createQueue(q, opts);
      else if (cur.retryLimit !== opts.retryLimit || cur.retryDelay !== opts.retryDelay || cur.expireInSeconds !== opts.expireInSeconds) await this.boss.updateQueue(q, opts);
    }
  }

  async send(queue: QueueName, data: Record<string, unknown>, opts: SendOptions = {}): Promise<void> {
    const r = this.retry[queue];
    await this.boss.send(queue, data, {
      singletonKey: opts.key,
      startAfter: opts.delayMs ? Math.max(1, Math.ceil(opts.delayMs / 1000)) : undefined,
      retryLimit: opts.retryLimit ?? r.retryLimit,
      retryDelay: Math.max(1, Math.round((opts.retryDelayMs ?? r.retryDelayMs) / 1000)),
      retryBackoff: true,
      expireInSeconds: this.expireInSeconds,
    });
    this.wakeups.wake(queue);
  }

  async work<T>(queue: QueueName, opts: WorkOptions, handler: JobHandler<T>): Promise<void> {
    const n = Math.max(1, opts.concurrency ?? 1);
    for (let i = 0; i < n; i++) {
      const loop = (async () => {
        while (!this.stopping) {
          let jobs: PgBoss.JobWithMetadata<T>[] = [];
          try {
            jobs = await this.boss.fetch<T>(queue, { batchSize: 1, includeMetadata: true });
          } catch {
            jobs = [];
          }
          if (!jobs.length) {
            await this.wakeups.wait(queue, this.pollMs);
            continue;
          }
          const j = jobs[0];
          try {
            await handler({ id: j.id, queue, data: j.data, attempt: j.retryCount } as Job<T>);
            await this.boss.complete(queue, j.id).catch(() => undefined);
          } catch (e) {
            await this.boss.fail(queue, j.id, { message: String((e as Error)?.message ?? e).slice(0, 2000) }).catch(() => undefined);
          }
        }
      })();
      this.running.add(loop);
      void loop.finally(() => this.running.delete(loop));
    }
  }

  async counts(): Promise<Record<QueueName, QueueCounts>> {
    const out = Object.fromEntries(QUEUE_NAMES.map((q) => [q, { queued: 0, active: 0, failed: 0, completed: 0 }])) as Record<QueueName, QueueCounts>;
    const db = this.boss.getDb();
    const r = await db.executeSql(`SELECT name, state, count(*)::int AS n FROM pgboss.job GROUP BY name, state`, []);
    for (const row of r.rows as { name: QueueName; state: string; n: number }[]) {
      const c = out[row.name];
      if (!c) continue;
      if (row.state === 'created' || row.state === 'retry') c.queued += row.n;
      else if (row.state === 'active') c.active += row.n;
      else if (row.state === 'failed') c.failed += row.n;
      else if (row.state === 'completed') c.completed += row.n;
    }
    return out;
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.wakeups.wakeAll();
    await Promise.race([Promise.all([...this.running]), new Promise((r) => setTimeout(r, graceMs).unref())]);
    await this.boss.stop({ graceful: false, wait: true, timeout: 5000 }).catch(() => undefined);
  }
}
