/**
 * PostgreSQL + PostGIS backend (node-postgres pool). SQL is written with `?` placeholders, renumbered
 * here to $1, $2 ... (outside quoted strings), so the repositories share one set of statements.
 */
import pg from 'pg';
import type { Dialect, Fragment, RunResult, SqlConn, SqlValue } from '../dialect.js';
import { VigilError } from '../../errors/catalogue.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { postgresPrefix, postgresBbox, postgresBucket, postgresTextMatch } from './fragments.js';

export interface PostgresOptions {
  /** Pool size (default 10). */
  max?: number;
}

const numbered = new Map<string, string>();
/** `a = ? AND b = '?'` -> `a = $1 AND b = '?'`. */
export function renumber(sql: string): string {
  const hit = numbered.get(sql);
  if (hit !== undefined) return hit;
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (quote) {
      if (c === quote) quote = null;
      out += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      out += c;
    } else if (c === '?') {
      out += `$${++n}`;
    } else out += c;
  }
  if (numbered.size > 2000) numbered.clear();
  numbered.set(sql, out);
  return out;
}

// int8 (count(*), bigint ids, sums) and numeric as JS numbers: ids and counts stay far below 2^53.
const types = {
  getTypeParser(oid: number, format?: string): (v: string) => unknown {
    if (oid === 20 || oid === 1700) return (v: string) => (v === null ? null : Number(v));
    return (pg.types.getTypeParser as (o: number, f?: string) => (v: string) => unknown)(oid, format);
  },
};

function wrap(e: unknown): never {
  const err = e as { code?: string; message?: string };
  if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === '3D000' || err.code === '28P01' || err.code === '57P03') {
    throw new VigilError('VIGIL_ERR_DB_UNAVAILABLE', err.message);
  }
  throw e;
}

class PgConn implements SqlConn {
  constructor(private readonly q: pg.Pool | pg.PoolClient) {}
  async all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    try {
      return (await this.q.query({ text: renumber(sql), values: (params ?? []) as unknown[] })).rows as T[];
    } catch (e) {
      return wrap(e);
    }
  }
  async get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }
  async run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    try {
      const r = await this.q.query({ text: renumber(sql), values: (params ?? []) as unknown[] });
      return { changes: r.rowCount ?? 0 };
    } catch (e) {
      return wrap(e);
    }
  }
}

export class PostgresDialect implements Dialect {
  readonly name = 'postgres' as const;
  readonly capabilities = { dialect: 'postgres', fullTextSearch: 'tsvector', spatial: 'postgis' } as const;
  readonly migrations = POSTGRES_MIGRATIONS;
  readonly pool: pg.Pool;
  private readonly conn: PgConn;

  constructor(url: string, opts: PostgresOptions = {}) {
    this.pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types, connectionTimeoutMillis: 10_000 });
    // An idle client losing its server must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
    this.conn = new PgConn(this.pool);
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> { return this.conn.all<T>(sql, params); }
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> { return this.conn.get<T>(sql, params); }
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> { return this.conn.run(sql, params); }

  async transaction<T>(fn: (tx: SqlConn) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      return wrap(e);
    }
    try {
      await client.query('BEGIN');
      const out = await fn(new PgConn(client));
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async lockForMigration(tx: SqlConn): Promise<void> {
    // One migrating process at a time; the lock ends with the transaction.
    await tx.run('SELECT pg_advisory_xact_lock(70710815)');
  }
  eventTextMatch(alias: string, text: string): Fragment | null { return postgresTextMatch(alias, text); }
  eventBbox(alias: string, bbox: readonly [number, number, number, number]): Fragment { return postgresBbox(alias, bbox); }
  prefixMatch(column: string, prefix: string): Fragment { return postgresPrefix(column, prefix); }
  noIndex(column: string): string { return column; }
  // PostgreSQL's planner combines the GIN / GiST row checks with bitmap scans on its own.
  eventTextDriver(): Fragment | null { return null; }
  eventBboxDriver(): Fragment | null { return null; }
  bucketExpr(column: string, bucket: 'day' | 'week' | 'month'): string { return postgresBucket(column, bucket); }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
