/**
 * Watched sources and staged items (migration 6), on either backend through the store's dialect.
 * All SQL is portable (`?` placeholders, ON CONFLICT, RETURNING); every value is a bound parameter.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Dialect, SqlConn } from '../store/dialect.js';
import type { SqlStore } from '../store/sql-store.js';
import type { Store } from '../store/types.js';
import type { IngestOk } from '../ingest/types.js';
import { VigilError } from '../errors/catalogue.js';

export type WatchKind = 'url' | 'folder' | 'telegram' | 'file';

export interface WatchSource {
  id: number;
  url: string;
  kind: WatchKind;
  everySeconds: number;
  enabled: boolean;
  etag: string | null;
  lastModified: string | null;
  listingDigest: string | null;
  nextPollAt: string;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  lastErrorCode: string | null;
  /** Consecutive failed polls (the backoff exponent). */
  failures: number;
  polls: number;
  notModified: number;
  itemsSeen: number;
  itemsNew: number;
  createdAt: string;
}

type Row = Record<string, unknown>;
const s = (v: unknown) => (v === null || v === undefined ? null : String(v));

function toSource(r: Row): WatchSource {
  return {
    id: Number(r.id), url: String(r.url), kind: r.kind as WatchKind, everySeconds: Number(r.every_s), enabled: Number(r.enabled) === 1,
    etag: s(r.etag), lastModified: s(r.last_modified), listingDigest: s(r.listing_digest), nextPollAt: String(r.next_poll_at),
    lastPollAt: s(r.last_poll_at), lastSuccessAt: s(r.last_success_at), lastErrorAt: s(r.last_error_at), lastError: s(r.last_error),
    lastErrorCode: s(r.last_error_code), failures: Number(r.failures), polls: Number(r.polls), notModified: Number(r.not_modified),
    itemsSeen: Number(r.items_seen), itemsNew: Number(r.items_new), createdAt: String(r.created_at),
  };
}

export function dialectOf(store: Store): Dialect {
  const d = (store as SqlStore).dialect;
  if (!d) throw new VigilError('VIGIL_ERR_DB_URL', 'vigil watch needs a SQL store');
  return d;
}

/** What kind of source a URL or path is: http(s) URL, Telegram export (folder with result.json, or the file), folder, file. */
export async function classifyTarget(target: string): Promise<{ url: string; kind: WatchKind }> {
  if (/^https?:\/\//i.test(target)) {
    try {
      return { url: new URL(target).toString(), kind: 'url' };
    } catch {
      throw new VigilError('VIGIL_ERR_WATCH_SOURCE', target);
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) throw new VigilError('VIGIL_ERR_UNSUPPORTED_URL', target);
  const path = resolve(target);
  const st = await stat(path).catch(() => null);
  if (!st) throw new VigilError('VIGIL_ERR_WATCH_SOURCE', `${target}: no such file or folder`);
  if (st.isDirectory()) return { url: path, kind: existsSync(join(path, 'result.json')) ? 'telegram' : 'folder' };
  return { url: path, kind: /(^|\/)result\.json$/.test(path) ? 'telegram' : 'file' };
}

export class WatchRepo {
  constructor(readonly db: Dialect) {}

  async add(target: string, everySeconds: number, now = new Date()): Promise<WatchSource> {
    if (!Number.isInteger(everySeconds) || everySeconds < 1) throw new VigilError('VIGIL_ERR_VALIDATION', '--every must be a whole number of seconds >= 1');
    const { url, kind } = await classifyTarget(target);
    const at = now.toISOString();
    const r = await this.db.get<Row>(
      `INSERT INTO watch_sources (url, kind, every_s, next_poll_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (url) DO UPDATE SET every_s = excluded.every_s, enabled = 1, updated_at = excluded.updated_at RETURNING *`,
      [url, kind, everySeconds, at, at, at]);
    return toSource(r!);
  }

  async list(): Promise<WatchSource[]> {
    return (await this.db.all<Row>('SELECT * FROM watch_sources ORDER BY id')).map(toSource);
  }

  async get(id: number): Promise<WatchSource | null> {
    const r = await this.db.get<Row>('SELECT * FROM watch_sources WHERE id = ?', [id]);
    return r ? toSource(r) : null;
  }

  /** Remove a source (its stored documents stay: nothing ingested is ever deleted). */
  async remove(idOrUrl: string): Promise<boolean> {
    const id = /^\d+$/.test(idOrUrl) ? Number(idOrUrl) : null;
    const r = id !== null
      ? await this.db.run('DELETE FROM watch_sources WHERE id = ?', [id])
      : await this.db.run('DELETE FROM watch_sources WHERE url = ?', [idOrUrl]);
    return r.changes > 0;
  }

  /** Sources due for a poll. */
  async due(now = new Date(), limit = 100): Promise<WatchSource[]> {
    return (await this.db.all<Row>(`SELECT * FROM watch_sources WHERE enabled = 1 AND next_poll_at <= ? ORDER BY next_poll_at LIMIT ${Math.min(limit, 1000)}`, [now.toISOString()])).map(toSource);
  }

  /**
   * Reserve the poll of a due source (compare-and-set on next_poll_at): of several `watch run` processes
   * only one gets it. The fetch job sets the real next time when it ends.
   */
  async claim(src: WatchSource, now = new Date()): Promise<boolean> {
    const hold = new Date(now.getTime() + src.everySeconds * 1000).toISOString();
    const r = await this.db.run('UPDATE watch_sources SET next_poll_at = ? WHERE id = ? AND next_poll_at = ?', [hold, src.id, src.nextPollAt]);
    return r.changes === 1;
  }

  async recordSuccess(src: WatchSource, p: { etag?: string | null; lastModified?: string | null; listingDigest?: string | null; notModified: boolean; seen: number; fresh: number; itemError?: { code: string; message: string } | null }, now = new Date()): Promise<void> {
    const at = now.toISOString();
    await this.db.run(
      `UPDATE watch_sources SET etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), listing_digest = coalesce(?, listing_digest),
         last_poll_at = ?, last_success_at = ?, failures = 0, polls = polls + 1, not_modified = not_modified + ?,
         items_seen = items_seen + ?, items_new = items_new + ?, next_poll_at = ?, updated_at = ? WHERE id = ?`,
      [p.etag ?? null, p.lastModified ?? null, p.listingDigest ?? null, at, at, p.notModified ? 1 : 0, p.seen, p.fresh,
        new Date(now.getTime() + src.everySeconds * 1000).toISOString(), at, src.id]);
    // A poll that worked as a whole may still have had items the readers refused (empty, too large ...).
    if (p.itemError) {
      await this.db.run('UPDATE watch_sources SET last_error = ?, last_error_code = ?, last_error_at = ? WHERE id = ?',
        [p.itemError.message.slice(0, 2000), p.itemError.code, at, src.id]);
    }
  }

  async recordFailure(id: number, err: { code: string; message: string }, maxBackoffSeconds: number, now = new Date()): Promise<void> {
    const at = now.toISOString();
    const cur = await this.get(id);
    if (!cur) return;
    const failures = cur.failures + 1;
    // Exponential backoff: every x 2^failures, at most maxBackoffSeconds (and never shorter than the interval).
    const wait = Math.max(cur.everySeconds, Math.min(maxBackoffSeconds, cur.everySeconds * 2 ** Math.min(failures, 20)));
    await this.db.run(
      `UPDATE watch_sources SET last_poll_at = ?, last_error_at = ?, last_error = ?, last_error_code = ?, failures = ?, polls = polls + 1,
         next_poll_at = ?, updated_at = ? WHERE id = ?`,
      [at, at, err.message.slice(0, 2000), err.code, failures, new Date(now.getTime() + wait * 1000).toISOString(), at, id]);
  }

  /**
   * Stage one item found by a poll: its original bytes and what the reader made of it, keyed by SHA-256.
   * Returns 'new' (staged now), 'staged' (staged earlier, not yet ingested), or 'known' (already stored).
   */
  async stage(tx: SqlConn, sourceId: number, item: IngestOk, polledAtMs: number): Promise<'new' | 'staged' | 'known'> {
    const { raw, ...rest } = item;
    const inDocs = await tx.get<{ id: number }>('SELECT id FROM documents WHERE sha256 = ?', [item.sha256]);
    const r = await tx.run(
      `INSERT INTO watch_items (sha256, source_id, locator, raw, item, state, document_id, found_at, polled_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sha256) DO NOTHING`,
      [item.sha256, sourceId, item.origin.locator.slice(0, 2000), raw, JSON.stringify(rest), inDocs ? 'ingested' : 'staged', inDocs ? Number(inDocs.id) : null,
        new Date().toISOString(), polledAtMs]);
    if (inDocs) return 'known';
    if (r.changes === 1) return 'new';
    const st = await tx.get<{ state: string }>('SELECT state FROM watch_items WHERE sha256 = ?', [item.sha256]);
    return st?.state === 'staged' ? 'staged' : 'known';
  }

  async loadItem(sha256: string): Promise<{ item: IngestOk; state: string; documentId: number | null; polledAtMs: number; sourceId: number | null } | null> {
    const r = await this.db.get<Row>('SELECT * FROM watch_items WHERE sha256 = ?', [sha256]);
    if (!r) return null;
    const rest = JSON.parse(String(r.item)) as Omit<IngestOk, 'raw'>;
    return {
      item: { ...rest, raw: Buffer.from(r.raw as Uint8Array) }, state: String(r.state),
      documentId: r.document_id === null ? null : Number(r.document_id), polledAtMs: Number(r.polled_at_ms),
      sourceId: r.source_id === null ? null : Number(r.source_id),
    };
  }

  async markIngested(sha256: string, documentId: number | null, errorCode: string | null = null): Promise<void> {
    if (errorCode) {
      await this.db.run(`UPDATE watch_items SET state = 'failed', document_id = NULL, error_code = ?, ingested_at = ? WHERE sha256 = ?`,
        [errorCode, new Date().toISOString(), sha256]);
      return;
    }
    // Stored: the original now lives in `originals`; the row stays (its SHA-256 marks the item as seen) without a second copy.
    await this.db.run(`UPDATE watch_items SET state = 'ingested', document_id = ?, error_code = NULL, raw = ?, item = '{}', ingested_at = ? WHERE sha256 = ?`,
      [documentId, Buffer.alloc(0), new Date().toISOString(), sha256]);
  }

  /** Staged items not yet ingested (sent to the queue again at start: the send may have been lost in a crash). */
  async staged(limit = 10_000): Promise<string[]> {
    return (await this.db.all<{ sha256: string }>(`SELECT sha256 FROM watch_items WHERE state = 'staged' ORDER BY found_at LIMIT ${Math.min(limit, 100_000)}`)).map((r) => r.sha256);
  }
}

export function watchRepo(store: Store): WatchRepo {
  return new WatchRepo(dialectOf(store));
}
