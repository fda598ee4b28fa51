/**
 * SQLite backend (better-sqlite3): one connection per store, WAL journal, FTS5 for text and an R*Tree
 * for bounding boxes. better-sqlite3 is synchronous; transactions are queued so that two async callers
 * (e.g. two HTTP requests) never interleave their statements inside one BEGIN ... COMMIT.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Dialect, Fragment, RunResult, SqlConn, SqlValue } from '../dialect.js';
import { VigilError } from '../../errors/catalogue.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { EventSearch, searchPlan, vigilSearchTerms } from './search.js';
import type { EventQuery, WarmUpOptions } from '../types.js';
import { sqlitePrefix, sqliteBboxDriver, sqliteTextDriver, sqliteBbox, sqliteBucket, sqliteTextMatch, vigilWords } from './fragments.js';

export interface SqliteOptions {
  readonly?: boolean;
  /** Page cache, in KiB (default 65,536 = 64 MiB). */
  cacheKiB?: number;
  /** Memory-mapped I/O size in bytes (default 4 GiB; 0 turns it off). */
  mmapBytes?: number;
}

/** `sqlite:path`, `sqlite://path`, `file:path` or a plain path. */
export function sqlitePath(url: string): string {
  const m = /^(?:sqlite:(?:\/\/)?|file:)(.*)$/i.exec(url);
  return m ? m[1] : url;
}

type Bind = Exclude<SqlValue, boolean>;
function bind(params: readonly SqlValue[] | undefined): Bind[] {
  if (!params) return [];
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

class SqliteConn implements SqlConn {
  private readonly cache = new Map<string, Database.Statement>();
  constructor(readonly db: Database.Database) {}
  stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(sql, s);
    }
    return s;
  }
  async all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.stmt(sql).all(...bind(params)) as T[];
  }
  async get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.stmt(sql).get(...bind(params)) as T | undefined;
  }
  async run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    const s = this.stmt(sql);
    if (s.reader) {
      s.all(...bind(params));
      return { changes: 0 };
    }
    return { changes: s.run(...bind(params)).changes };
  }
}

export class SqliteDialect implements Dialect {
  readonly name = 'sqlite' as const;
  readonly capabilities = { dialect: 'sqlite', fullTextSearch: 'fts5', spatial: 'rtree' } as const;
  readonly migrations = SQLITE_MIGRATIONS;
  readonly db: Database.Database;
  private readonly conn: SqliteConn;
  /** Tail of the transaction queue. */
  private queue: Promise<unknown> = Promise.resolve();
  private inTx = false;
  private readonly cacheKiB: number;

  constructor(url: string, opts: SqliteOptions = {}) {
    const path = sqlitePath(url);
    try {
      if (path !== ':memory:' && !opts.readonly) mkdirSync(dirname(resolve(path)), { recursive: true });
      this.db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
    } catch (e) {
      throw new VigilError('VIGIL_ERR_DB_UNAVAILABLE', `${path}: ${(e as Error).message}`);
    }
    if (!opts.readonly) {
      this.db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a killed process never loses a committed transaction (only power loss can).
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 10000');
    this.cacheKiB = Math.max(1024, Math.floor(opts.cacheKiB ?? 65536));
    this.db.pragma(`cache_size = -${this.cacheKiB}`);
    this.db.pragma('temp_store = MEMORY');
    // Reads through a memory map: random row lookups in a large store cost no read() call each
    // (capped at 2 GB by this SQLite build's SQLITE_MAX_MMAP_SIZE; the rest goes through the page cache).
    this.db.pragma(`mmap_size = ${opts.mmapBytes ?? 4 * 1024 ** 3}`);
    this.db.function('vigil_words', { deterministic: true }, vigilWords);
    // Used by the events_terms triggers (migration 5): every connection that writes events needs it.
    this.db.function('vigil_search_terms', { deterministic: true }, vigilSearchTerms);
    this.conn = new SqliteConn(this.db);
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> { return this.conn.all<T>(sql, params); }
  private readonly rawStmts = new Map<string, Database.Statement>();
  async allArrays(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    let s = this.rawStmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql).raw(true);
      if (this.rawStmts.size > 100) this.rawStmts.clear();
      this.rawStmts.set(sql, s);
    }
    return s.all(...bind(params)) as unknown[][];
  }
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> { return this.conn.get<T>(sql, params); }
  async run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    // A write outside a transaction waits for the running one, so it can never be rolled back with it.
    if (this.inTx) return this.transaction((tx) => tx.run(sql, params));
    return this.conn.run(sql, params);
  }

  transaction<T>(fn: (tx: SqlConn) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      this.inTx = true;
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(this.conn);
        this.db.exec('COMMIT');
        return out;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      } finally {
        this.inTx = false;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async lockForMigration(): Promise<void> {
    // BEGIN IMMEDIATE already holds SQLite's write lock.
  }
  eventTextMatch(alias: string, text: string): Fragment | null { return sqliteTextMatch(alias, text); }
  eventBbox(alias: string, bbox: readonly [number, number, number, number]): Fragment { return sqliteBbox(alias, bbox); }
  prefixMatch(column: string, prefix: string): Fragment { return sqlitePrefix(column, prefix); }
  noIndex(column: string): string { return `+${column}`; }
  eventTextDriver(text: string): Fragment | null { return sqliteTextDriver(text); }
  eventBboxDriver(bbox: readonly [number, number, number, number]): Fragment | null { return sqliteBboxDriver(bbox); }
  bucketExpr(column: string, bucket: 'day' | 'week' | 'month'): string { return sqliteBucket(column, bucket); }

  private search: EventSearch | null = null;
  async eventPageIds(q: EventQuery, n: number): Promise<{ id: number; sortDate: string }[] | null> {
    this.search ??= new EventSearch(this.db);
    if (!this.search.usable()) return null;
    const plan = searchPlan(q, this.search.terms);
    return plan ? this.search.page(plan, n) : null;
  }

  /**
   * Touch every leaf page of the tables an event page reads (events, documents, the search index) once,
   * 20,000 rows per step with a yield in between, so requests are served meanwhile. With the memory map
   * the pages then stay mapped in this process: a random page of events no longer costs a page fault per
   * row (at 1M events, a cold server spent 2-3x the CPU per filtered page). better-sqlite3's SQLite maps
   * at most 2 GB (SQLITE_MAX_MMAP_SIZE): beyond that the scan only fills the operating system's cache.
   */
  async warmUp(signal?: AbortSignal, opts: WarmUpOptions = {}): Promise<number> {
    const t0 = performance.now();
    const path = this.db.name;
    if (path === ':memory:' || path === '') return 0;
    if (opts.cacheMiB) {
      // Pages inside the memory map are read in place; the page cache only holds the rest of the file.
      const mapped = Number(this.db.pragma('mmap_size', { simple: true }));
      const bytes = Number(this.db.pragma('page_count', { simple: true })) * Number(this.db.pragma('page_size', { simple: true }));
      const kib = Math.min(opts.cacheMiB * 1024, Math.ceil(Math.max(0, bytes - mapped) / 1024));
      if (kib > this.cacheKiB) this.db.pragma(`cache_size = -${kib}`);
    }
    // The search index grows by small segments as events are ingested and edited (each query then looks
    // every word up in every segment: 12 segments made a 3,000-event store's filtered page cost 2-3 ms);
    // merge them in small steps. Skipped on a read-only connection.
    if (!this.db.readonly && this.db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'events_terms'`).get()) {
      const segments = this.db.prepare(`SELECT count(DISTINCT segid) AS n FROM events_terms_idx`).pluck();
      const merge = this.db.prepare(`INSERT INTO events_terms(events_terms, rank) VALUES ('merge', -200)`); // negative: merge whatever the levels
      const total = this.db.prepare('SELECT total_changes()').pluck();
      for (let i = 0; i < 10_000 && Number(segments.get()) > 1; i++) {
        if (signal?.aborted || !this.db.open) return performance.now() - t0;
        const before = Number(total.get());
        // Never wait for the write lock here (that would stall this server's requests): another process
        // writing, or another worker merging, just ends this loop.
        this.db.pragma('busy_timeout = 0');
        try {
          merge.run();
        } catch {
          break;
        } finally {
          this.db.pragma('busy_timeout = 10000');
        }
        if (Number(total.get()) === before) break;
        await new Promise((r) => setImmediate(r));
      }
    }
    // An early column of each row: the leaf page is read, overflow pages (long texts) are not.
    const steps: [string, string][] = [['events', 'document_id'], ['documents', 'source_id']];
    if (this.db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'events_terms_data'`).get()) steps.push(['events_terms_data', 'length(block)']);
    for (const [table, col] of steps) {
      // Keyset steps: rowids of the FTS5 data table are sparse (segment numbers in the high bits).
      const step = this.db.prepare(`SELECT max(r) AS last, sum(v) AS s FROM (SELECT rowid AS r, ${col} AS v FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT 20000)`);
      for (let last: number | null = Number.MIN_SAFE_INTEGER; last !== null;) {
        if (signal?.aborted || !this.db.open) return performance.now() - t0;
        last = (step.get(last) as { last: number | null }).last;
        await new Promise((r) => setImmediate(r));
      }
    }
    return performance.now() - t0;
  }

  /** Run a multi-statement script (migrations only: never with data). */
  exec(sql: string): void { this.db.exec(sql); }

  async close(): Promise<void> {
    await this.queue;
    if (this.db.open) this.db.close();
  }
}
