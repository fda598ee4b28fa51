/**
 * `openQueue(store)`: the job queue that goes with a store. PostgreSQL: pg-boss in the same database
 * (workers on many machines). SQLite: the `jobs` table in the same file (one laptop). Both implement
 * the JobQueue interface in ./types.ts.
 */
import type { SqlStore } from '../store/sql-store.js';
import type { Store } from '../store/types.js';
import { VigilError } from '../errors/catalogue.js';
import type { JobQueue, QueueName } from './types.js';
import { SqliteQueue } from './sqlite.js';

export * from './types.js';

export interface OpenQueueOptions {
  pollMs?: number;
  retry?: Partial<Record<QueueName, { retryLimit: number; retryDelayMs: number }>>;
  /** PostgreSQL: seconds after which an unfinished job is retried elsewhere. */
  expireInSeconds?: number;
}

export async function openQueue(store: Store, opts: OpenQueueOptions = {}): Promise<JobQueue> {
  const dialect = (store as SqlStore).dialect;
  if (!dialect) throw new VigilError('VIGIL_ERR_DB_URL', 'the job queue needs a SQL store');
  if (dialect.name === 'postgres') {
    const { PgBossQueue } = await import('./pgboss.js');
    return new PgBossQueue(store.url, opts);
  }
  return new SqliteQueue(dialect, opts);
}
