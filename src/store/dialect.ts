/**
 * The dialect interface: the only place where SQLite and PostgreSQL differ. Repositories write SQL with
 * `?` placeholders (the PostgreSQL connection renumbers them to $1, $2 ...) and ask the dialect for the
 * few fragments that differ (full-text match, bounding box, locking). Every value travels as a bound
 * parameter: no SQL is ever built from report text.
 *
 * Each backend has the same file set: <backend>/connection.ts (this interface), <backend>/migrations.ts
 * (versioned schema), <backend>/fragments.ts (search and spatial SQL).
 */
import type { EventQuery, StoreCapabilities, WarmUpOptions } from './types.js';

export type SqlValue = string | number | bigint | boolean | null | Buffer | Uint8Array;

export interface RunResult {
  changes: number;
}

/** A connection (or an open transaction on one). */
export interface SqlConn {
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
}

/** A SQL fragment with its parameters, to be ANDed into a WHERE clause. */
export interface Fragment {
  sql: string;
  params: SqlValue[];
}

export interface Migration {
  version: number;
  name: string;
  /** Statements run in order, in one transaction with the schema_migrations insert. */
  statements: string[];
}

export interface Dialect extends SqlConn {
  readonly name: 'sqlite' | 'postgres';
  readonly capabilities: StoreCapabilities;
  readonly migrations: readonly Migration[];
  /**
   * Run `fn` in one transaction (SQLite: BEGIN IMMEDIATE on the single connection, callers queued;
   * PostgreSQL: a pooled client). Commits when `fn` resolves, rolls back when it throws.
   */
  transaction<T>(fn: (tx: SqlConn) => Promise<T>): Promise<T>;
  /** Inside a migration transaction: keep two processes from migrating at once. */
  lockForMigration(tx: SqlConn): Promise<void>;
  /** WHERE fragment (row check): events `e` whose passage matches all words of `text`. Null when no searchable word. */
  eventTextMatch(alias: string, text: string): Fragment | null;
  /** WHERE fragment (row check): events `e` inside [minLon, minLat, maxLon, maxLat]. */
  eventBbox(alias: string, bbox: readonly [number, number, number, number]): Fragment;
  /**
   * A query returning the ids (column `id`) of events matching `text` / inside `bbox` from a search index,
   * or null when the backend's planner combines row checks well by itself (PostgreSQL). SQLite uses these
   * to drive a query from its most selective filter.
   */
  eventTextDriver(text: string): Fragment | null;
  eventBboxDriver(bbox: readonly [number, number, number, number]): Fragment | null;
  /** `column` in a row check that must not steer the planner to that column's index (SQLite: `+column`). */
  noIndex(column: string): string;
  /** WHERE fragment: text `column` starts with `prefix` (already normalized), using its index where the backend can. */
  prefixMatch(column: string, prefix: string): Fragment;
  /**
   * Optional fast path for one page of events (newest first): up to `n` ids with their sort dates, or
   * null when the backend has no better plan than the general WHERE clause for `q`. `q` is validated
   * by the caller. SQLite answers from its sort-keyed FTS5 index (sqlite/search.ts).
   */
  eventPageIds?(q: EventQuery, n: number): Promise<{ id: number; sortDate: string }[] | null>;
  /** Optional: see Store.warmUp. */
  warmUp?(signal?: AbortSignal, opts?: WarmUpOptions): Promise<number>;
  /** Optional: rows as arrays in column order (SQLite: no object per row, for wide pages). */
  allArrays?(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]>;
  /** SQL expression: first day of the week / month of a YYYY-MM-DD text column. */
  bucketExpr(column: string, bucket: 'day' | 'week' | 'month'): string;
  close(): Promise<void>;
}

/** Split a search string into plain words (letters and digits of any script), at most 16 of them. */
export function searchWords(text: string): string[] {
  return (text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
}

/** Lower case, accents removed, spaces collapsed: the form stored in *_norm columns and used to query them. */
export function norm(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const out = s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
  return out === '' ? null : out;
}
