/**
 * The Store implementation shared by both backends: all SQL here is portable (SQLite 3.35+ and
 * PostgreSQL 12+: RETURNING, ON CONFLICT), and the dialect supplies the rest.
 */
import { createHash } from 'node:crypto';
import { merkleRoot } from './merkle.js';
import type { EventRecord } from '../model/event.js';
import { VigilError } from '../errors/catalogue.js';
import { VERSION } from '../version.js';
import type { Dialect, SqlConn, SqlValue } from './dialect.js';

/** Index-only filters are counted up to this many matches when planning an event query (SQLite). */
const DRIVE_CAP = 20_000;
/** ...and up to this many when a query looks expensive and intersecting filters may pay. */
const DRIVE_CAP_WIDE = 400_000;
/** How long a word's document count (FTS5 vocabulary) is reused for planning, and how many are kept. */
const TERM_DOCS_TTL_MS = 10 * 60_000;
const TERM_DOCS_MAX = 10_000;
import { SqliteDialect } from './sqlite/connection.js';
import { fold } from './sqlite/fragments.js';
import { PostgresDialect } from './postgres/connection.js';
import {
  SOURCE_KINDS, ROLES,
  type ApiTokenRow, type CustodyAction, type CustodyEntry, type DocumentRow, type EventQuery, type EventRow, type EventSummaryRow, type HistogramBucket,
  type IncidentDetail, type IncidentQuery, type IncidentRow, type IngestDocumentInput, type IngestDocumentResult, type IngestErrorRow,
  type OpenStoreOptions, type OriginalRow, type Page, type ReviewActionRow, type ReviewContext, type ReviewRequest, type ReviewResult,
  type Role, type SessionRow, type SourceKind, type SourceRow, type Store, type StoreStats, type UserRow, type UserWithHash, type VerifyReport, type WarmUpOptions,
} from './types.js';
import {
  EVENT_COLUMNS, EVENT_SUMMARY_COLUMNS, encodeCursor, eventBody, eventColumnValues, nowIso, parseJson, toDocumentRow, toEventRow, toEventSummaryRow, toEventSummaryArray,
  toIncidentRow, type Row,
} from './repositories/rows.js';
import { Where, addCursor, eventFilters, incidentFilters, pageSize } from './repositories/filters.js';
import { assignEvent, refreshIncident, toClusterEvent } from './repositories/incidents.js';
import { applyReview, insertActorsWeapons } from './repositories/review.js';
import type { IncidentSummary } from '../cluster/index.js';

function isPg(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

const EVENT_SELECT = `SELECT e.*, s.name AS source_name, s.kind AS source_kind FROM events e
  LEFT JOIN documents d ON d.id = e.document_id LEFT JOIN sources s ON s.id = d.source_id`;
const DOC_SELECT = (withText: boolean) => `SELECT d.id, d.sha256, d.doc_key, d.source_id, d.url, d.title, d.language, d.published,
  d.captured_at, d.media_type, d.origin, d.event_count, d.created_at${withText ? ', d.text' : ''}, s.name AS source_name, s.kind AS source_kind
  FROM documents d LEFT JOIN sources s ON s.id = d.source_id`;

function toUser(r: Row): UserRow {
  return { id: Number(r.id), name: String(r.name), role: r.role as Role, disabled: Number(r.disabled) === 1, createdAt: String(r.created_at) };
}
function toToken(r: Row): ApiTokenRow {
  return {
    id: Number(r.id), userId: Number(r.user_id), name: String(r.name), createdAt: String(r.created_at),
    lastUsedAt: (r.last_used_at as string | null) ?? null, revokedAt: (r.revoked_at as string | null) ?? null,
  };
}
function toSource(r: Row): SourceRow {
  return {
    id: Number(r.id), name: String(r.name), kind: r.kind as SourceKind, url: (r.url as string | null) ?? null,
    documentCount: Number(r.document_count ?? 0), createdAt: String(r.created_at), updatedAt: String(r.updated_at),
  };
}

export class SqlStore implements Store {
  readonly capabilities;
  constructor(readonly url: string, readonly dialect: Dialect) {
    this.capabilities = dialect.capabilities;
  }

  async migrate(): Promise<number> {
    const d = this.dialect;
    try {
      await d.transaction(async (tx) => {
        await d.lockForMigration(tx);
        await tx.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      });
      for (const m of d.migrations) {
        await d.transaction(async (tx) => {
          await d.lockForMigration(tx);
          const done = await tx.get('SELECT version FROM schema_migrations WHERE version = ?', [m.version]);
          if (done) return;
          for (const s of m.statements) await tx.run(s);
          await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, nowIso()]);
        });
      }
    } catch (e) {
      if (e instanceof VigilError) throw e;
      throw new VigilError('VIGIL_ERR_MIGRATION', (e as Error).message);
    }
    return this.schemaVersion();
  }

  private async schemaVersion(): Promise<number> {
    const r = await this.dialect.get<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    return Number(r?.v ?? 0);
  }

  close(): Promise<void> {
    return this.dialect.close();
  }

  warmUp(signal?: AbortSignal, opts?: WarmUpOptions): Promise<number> {
    return this.dialect.warmUp ? this.dialect.warmUp(signal, opts) : Promise.resolve(0);
  }

  async stats(): Promise<StoreStats> {
    const c = async (t: string) => Number((await this.dialect.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))?.n ?? 0);
    return {
      documents: await c('documents'), originals: await c('originals'), events: await c('events'), incidents: await c('incidents'),
      sources: await c('sources'), ingestErrors: await c('ingest_errors'), reviewActions: await c('review_actions'),
      schemaVersion: await this.schemaVersion(),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Ingest

  private async upsertSource(tx: SqlConn, s: IngestDocumentInput['source'], now: string): Promise<number> {
    const name = (s.name || 'unknown').slice(0, 300);
    const kind = SOURCE_KINDS.includes(s.kind) ? s.kind : 'unknown';
    await tx.run('INSERT INTO sources (name, kind, url, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING', [name, kind, s.url ?? null, now, now]);
    const r = await tx.get<{ id: number }>('SELECT id FROM sources WHERE name = ?', [name]);
    return Number(r!.id);
  }

  async ingestDocument(input: IngestDocumentInput): Promise<IngestDocumentResult> {
    if (!/^[0-9a-f]{64}$/.test(input.sha256)) throw new VigilError('VIGIL_ERR_VALIDATION', 'sha256 must be 64 lower-case hex digits');
    return this.dialect.transaction(async (tx) => {
      const dup = await tx.get<{ id: number }>('SELECT id FROM documents WHERE sha256 = ?', [input.sha256]);
      if (dup) return { status: 'duplicate', documentId: Number(dup.id), eventIds: [], incidentIds: [], newIncidents: 0 };
      const now = nowIso();
      const sourceId = await this.upsertSource(tx, input.source, now);
      const doc = input.document;
      const text = input.text ?? doc.source;
      const ins = await tx.get<{ id: number }>(
        `INSERT INTO documents (sha256, doc_key, source_id, url, title, language, published, captured_at, media_type, origin, text, event_count, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING RETURNING id`,
        [input.sha256, doc.id, sourceId, doc.url ?? null, doc.title ?? null, input.language ?? doc.language ?? null, doc.published ?? null,
          input.capturedAt, input.mediaType, input.origin, text, input.events.length, now],
      );
      if (!ins) {
        // Another process stored the same bytes between our check and insert (PostgreSQL).
        const again = await tx.get<{ id: number }>('SELECT id FROM documents WHERE sha256 = ?', [input.sha256]);
        return { status: 'duplicate', documentId: Number(again!.id), eventIds: [], incidentIds: [], newIncidents: 0 };
      }
      const documentId = Number(ins.id);
      await tx.run(
        `INSERT INTO originals (document_id, sha256, size, media_type, captured_at, source_url, tool, tool_version, bytes)
         VALUES (?, ?, ?, ?, ?, ?, 'vigil', ?, ?)`,
        [documentId, input.sha256, input.raw.length, input.mediaType, input.capturedAt, doc.url ?? input.source.url ?? null, VERSION, input.raw],
      );
      const fallbackDate = doc.published ?? input.capturedAt;
      const eventIds: number[] = [];
      const incidentIds = new Set<number>();
      const summaries = new Map<number, IncidentSummary>();
      let newIncidents = 0;
      for (const [ord, rec] of input.events.entries()) {
        const values = eventColumnValues(rec, eventBody(rec, text), fallbackDate);
        const r = await tx.get<{ id: number }>(
          `INSERT INTO events (document_id, ord, event_key, ${EVENT_COLUMNS.join(', ')}, status, created_at, updated_at)
           VALUES (?, ?, ?, ${EVENT_COLUMNS.map(() => '?').join(', ')}, 'pending', ?, ?) RETURNING id`,
          [documentId, ord, rec.id ?? `${doc.id}#${ord}`, ...values, now, now],
        );
        const eventId = Number(r!.id);
        eventIds.push(eventId);
        await insertActorsWeapons(tx, eventId, rec);
      }
      // Several workers (vigil worker on PostgreSQL) ingest at once: incident assignment reads the incidents
      // near each event and then joins or opens one, so two reports of one incident stored concurrently
      // could each open their own. One assigning writer at a time, from here until commit (the inserts
      // above and extraction, outside this transaction, still run in parallel); SQLite's BEGIN IMMEDIATE
      // already serializes writers.
      if (this.dialect.name === 'postgres' && input.events.some((rec) => !rec.historical)) await tx.run('SELECT pg_advisory_xact_lock(70710816)');
      for (const [ord, rec] of input.events.entries()) {
        if (rec.historical) continue;
        const eventId = eventIds[ord];
        const cev = toClusterEvent(eventId, rec, { sourceName: input.source.name, sourceKind: input.source.kind, published: doc.published ?? null, captured: input.capturedAt });
        const a = await assignEvent(tx, eventId, cev);
        incidentIds.add(a.incidentId);
        summaries.set(a.incidentId, a.summary);
        if (a.created) newIncidents++;
        // Later events of this document see the updated summary.
        await tx.run('UPDATE incidents SET summary = ? WHERE id = ?', [JSON.stringify(a.summary), a.incidentId]);
      }
      for (const id of incidentIds) await refreshIncident(tx, id, summaries.get(id));
      await tx.run(
        `INSERT INTO custody_log (document_id, action, actor, at, sha256, detail) VALUES (?, 'ingested', 'vigil', ?, ?, ?)`,
        [documentId, now, input.sha256, JSON.stringify({ origin: input.origin, tool: 'vigil', toolVersion: VERSION, events: eventIds.length, capturedAt: input.capturedAt })],
      );
      return { status: 'new', documentId, eventIds, incidentIds: [...incidentIds], newIncidents };
    });
  }

  async knownHashes(sha256s: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < sha256s.length; i += 500) {
      const chunk = sha256s.slice(i, i + 500);
      const rows = await this.dialect.all<{ sha256: string }>(`SELECT sha256 FROM documents WHERE sha256 IN (${chunk.map(() => '?').join(', ')})`, chunk);
      for (const r of rows) out.add(r.sha256);
    }
    return out;
  }

  async recordIngestError(e: { locator: string; sha256?: string | null; code: string; message: string }): Promise<void> {
    await this.dialect.run('INSERT INTO ingest_errors (at, locator, sha256, code, message) VALUES (?, ?, ?, ?, ?)', [
      nowIso(), e.locator.slice(0, 2000), e.sha256 ?? null, e.code, e.message.slice(0, 2000),
    ]);
  }

  async listIngestErrors(opts: { limit?: number } = {}): Promise<IngestErrorRow[]> {
    const rows = await this.dialect.all<Row>(`SELECT * FROM ingest_errors ORDER BY id DESC LIMIT ${pageSize(opts.limit)}`);
    return rows.map((r) => ({ id: Number(r.id), at: String(r.at), locator: String(r.locator), sha256: (r.sha256 as string | null) ?? null, code: String(r.code), message: String(r.message) }));
  }

  // ---------------------------------------------------------------------------------------------
  // Documents and provenance

  async getDocument(id: number, opts: { withText?: boolean } = {}): Promise<DocumentRow | null> {
    const r = await this.dialect.get<Row>(`${DOC_SELECT(!!opts.withText)} WHERE d.id = ?`, [id]);
    return r ? toDocumentRow(r, !!opts.withText) : null;
  }

  async listDocuments(opts: { sourceId?: number; limit?: number; cursor?: string } = {}): Promise<Page<DocumentRow>> {
    const limit = pageSize(opts.limit);
    const w = new Where();
    if (opts.sourceId !== undefined) w.add('d.source_id = ?', opts.sourceId);
    if (opts.cursor) {
      const c = Number(Buffer.from(opts.cursor, 'base64url').toString('utf8'));
      if (!Number.isInteger(c)) throw new VigilError('VIGIL_ERR_VALIDATION', 'bad cursor', { field: 'cursor' });
      w.add('d.id < ?', c);
    }
    const rows = await this.dialect.all<Row>(`${DOC_SELECT(false)} ${w.sql()} ORDER BY d.id DESC LIMIT ${limit + 1}`, w.params);
    const items = rows.slice(0, limit).map((r) => toDocumentRow(r, false));
    return { items, nextCursor: rows.length > limit ? Buffer.from(String(items[items.length - 1].id)).toString('base64url') : null };
  }

  async getOriginal(documentId: number): Promise<OriginalRow | null> {
    const r = await this.dialect.get<Row>('SELECT * FROM originals WHERE document_id = ?', [documentId]);
    if (!r) return null;
    return {
      documentId: Number(r.document_id), sha256: String(r.sha256), size: Number(r.size), mediaType: String(r.media_type),
      capturedAt: String(r.captured_at), sourceUrl: (r.source_url as string | null) ?? null, tool: String(r.tool),
      toolVersion: String(r.tool_version), bytes: Buffer.from(r.bytes as Uint8Array),
    };
  }

  async listCustody(opts: { documentId?: number; limit?: number } = {}): Promise<CustodyEntry[]> {
    const w = new Where();
    if (opts.documentId !== undefined) w.add('document_id = ?', opts.documentId);
    const rows = await this.dialect.all<Row>(`SELECT * FROM custody_log ${w.sql()} ORDER BY id LIMIT ${Math.min(opts.limit ?? 1000, 10_000)}`, w.params);
    return rows.map((r) => ({
      id: Number(r.id), documentId: r.document_id === null ? null : Number(r.document_id), action: r.action as CustodyAction,
      actor: String(r.actor), at: String(r.at), sha256: (r.sha256 as string | null) ?? null, detail: parseJson(r.detail, null),
    }));
  }

  async appendCustody(e: { documentId: number | null; action: CustodyAction; actor: string; sha256?: string | null; detail?: Record<string, unknown> | null }): Promise<void> {
    await this.dialect.run('INSERT INTO custody_log (document_id, action, actor, at, sha256, detail) VALUES (?, ?, ?, ?, ?, ?)', [
      e.documentId, e.action, e.actor, nowIso(), e.sha256 ?? null, e.detail ? JSON.stringify(e.detail) : null,
    ]);
  }

  async verifyOriginals(opts: { onProgress?: (done: number, total: number) => void; actor?: string } = {}): Promise<VerifyReport> {
    const total = Number((await this.dialect.get<{ n: number }>('SELECT count(*) AS n FROM originals'))?.n ?? 0);
    const mismatches: VerifyReport['mismatches'] = [];
    const byDay = new Map<string, string[]>();
    let last = -1;
    let checked = 0;
    for (;;) {
      // Pages of 200 originals keep memory flat however large the store is. The custody log's first entry for the
      // document holds the hash taken at ingest: rewriting the bytes and both hash columns does not change it.
      const rows = await this.dialect.all<Row>(
        `SELECT o.document_id, o.sha256, o.bytes, o.captured_at, d.sha256 AS doc_sha,
                (SELECT c.sha256 FROM custody_log c WHERE c.document_id = o.document_id AND c.action = 'ingested' ORDER BY c.id LIMIT 1) AS first_sha
         FROM originals o LEFT JOIN documents d ON d.id = o.document_id
         WHERE o.document_id > ? ORDER BY o.document_id LIMIT 200`, [last]);
      if (rows.length === 0) break;
      for (const r of rows) {
        const actual = createHash('sha256').update(r.bytes as Uint8Array).digest('hex');
        const first = r.first_sha == null ? null : String(r.first_sha);
        // The bytes must match the original's own hash, the document's identity hash and the custody log's first hash.
        if (actual !== r.sha256 || r.doc_sha !== r.sha256 || (first !== null && first !== actual)) {
          mismatches.push({ documentId: Number(r.document_id), expected: first ?? String(r.doc_sha ?? r.sha256), actual });
        }
        const day = String(r.captured_at).slice(0, 10);
        let leaves = byDay.get(day);
        if (!leaves) byDay.set(day, (leaves = []));
        leaves.push(actual);
        checked++;
      }
      last = Number(rows[rows.length - 1].document_id);
      opts.onProgress?.(checked, total);
    }
    // Every document has its original, and every document the custody log saw ingested still exists.
    const missing: VerifyReport['missing'] = [];
    for (const r of await this.dialect.all<Row>(
      `SELECT d.id, d.sha256 FROM documents d WHERE NOT EXISTS (SELECT 1 FROM originals o WHERE o.document_id = d.id) ORDER BY d.id`)) {
      missing.push({ documentId: Number(r.id), expected: String(r.sha256) });
    }
    for (const r of await this.dialect.all<Row>(
      `SELECT c.document_id, min(c.sha256) AS sha FROM custody_log c WHERE c.action = 'ingested' AND c.document_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = c.document_id) GROUP BY c.document_id ORDER BY c.document_id`)) {
      missing.push({ documentId: Number(r.document_id), expected: r.sha == null ? null : String(r.sha) });
    }
    const days = [...byDay].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, leaves]) => ({ day, count: leaves.length, root: merkleRoot(leaves) }));
    const actor = opts.actor ?? 'vigil';
    await this.dialect.transaction(async (tx) => {
      for (const m of mismatches) {
        await tx.run(`INSERT INTO custody_log (document_id, action, actor, at, sha256, detail) VALUES (?, 'verify-failed', ?, ?, ?, ?)`, [
          m.documentId, actor, nowIso(), m.actual, JSON.stringify({ expected: m.expected, actual: m.actual }),
        ]);
      }
      await tx.run(`INSERT INTO custody_log (document_id, action, actor, at, sha256, detail) VALUES (NULL, 'verified', ?, ?, NULL, ?)`, [
        actor, nowIso(), JSON.stringify({ checked, mismatches: mismatches.length, missing: missing.map((m) => m.documentId), root: merkleRoot(days.map((d) => d.root)), toolVersion: VERSION }),
      ]);
    });
    return { checked, mismatches, missing, days };
  }

  // ---------------------------------------------------------------------------------------------
  // Sources

  async listSources(): Promise<SourceRow[]> {
    const rows = await this.dialect.all<Row>(`SELECT s.*, (SELECT count(*) FROM documents d WHERE d.source_id = s.id) AS document_count FROM sources s ORDER BY s.name`);
    return rows.map(toSource);
  }

  async getSource(idOrName: number | string): Promise<SourceRow | null> {
    const col = typeof idOrName === 'number' ? 's.id' : 's.name';
    const r = await this.dialect.get<Row>(`SELECT s.*, (SELECT count(*) FROM documents d WHERE d.source_id = s.id) AS document_count FROM sources s WHERE ${col} = ?`, [idOrName]);
    return r ? toSource(r) : null;
  }

  async setSourceKind(idOrName: number | string, kind: SourceKind, ctx: ReviewContext): Promise<SourceRow> {
    if (!SOURCE_KINDS.includes(kind)) throw new VigilError('VIGIL_ERR_VALIDATION', `kind must be one of ${SOURCE_KINDS.join(', ')}`, { field: 'kind' });
    const s = await this.getSource(idOrName);
    if (!s) throw new VigilError('VIGIL_ERR_NOT_FOUND', `source ${String(idOrName)}`);
    if (s.kind === kind) return s;
    await this.dialect.transaction(async (tx) => {
      await tx.run('UPDATE sources SET kind = ?, updated_at = ? WHERE id = ?', [kind, nowIso(), s.id]);
      await tx.run(`INSERT INTO custody_log (document_id, action, actor, at, sha256, detail) VALUES (NULL, 'source-edited', ?, ?, NULL, ?)`, [
        ctx.userName, nowIso(), JSON.stringify({ source: s.name, field: 'kind', before: s.kind, after: kind, note: ctx.note ?? null }),
      ]);
      // Grades depend on source kinds: recompute the incidents this source reports on.
      const incs = await tx.all<{ incident_id: number }>(
        `SELECT DISTINCT e.incident_id FROM events e JOIN documents d ON d.id = e.document_id WHERE d.source_id = ? AND e.incident_id IS NOT NULL`, [s.id]);
      for (const i of incs) await refreshIncident(tx, Number(i.incident_id));
    });
    return (await this.getSource(s.id))!;
  }

  // ---------------------------------------------------------------------------------------------
  // Events and incidents

  async getEvent(id: number): Promise<EventRow | null> {
    const r = await this.dialect.get<Row>(`${EVENT_SELECT} WHERE e.id = ?`, [id]);
    return r ? toEventRow(r) : null;
  }

  /**
   * WHERE clause for an event query. On SQLite a small cost model picks how to run it: scan the
   * newest-first index with row checks (stops after one page: good when matches are common), or start
   * from the ids one index-only filter yields (R*Tree box, FTS5 words, place, actor, weapon), or from the
   * intersection of several of them (when each alone is common but together they are rare).
   */
  private vocabReady: boolean | null = null;
  /** Documents per FTS5 term, for planning only (see textEstimate). */
  private readonly termDocs = new Map<string, { n: number; at: number }>();

  /**
   * Documents containing every word, estimated from the FTS5 vocabulary (one index lookup per word, no
   * doclist read): the rarest word's count, scaled by the others' frequencies (independence). Null when
   * the vocabulary table is unavailable.
   */
  private async textEstimate(words: string[], total: number): Promise<number | null> {
    if (this.vocabReady === null) {
      try {
        await this.dialect.run(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.events_fts_vocab USING fts5vocab(main, events_fts, 'row')`);
        this.vocabReady = true;
      } catch {
        this.vocabReady = false;
      }
    }
    if (!this.vocabReady) return null;
    const counts: number[] = [];
    const now = Date.now();
    for (const w of new Set(words.map(fold))) {
      // fts5vocab reads the word's whole doclist (20-70 ms for a word in every event at 1M events), and
      // the figure only steers the plan (results are exact either way), so it is kept for a while.
      let c = this.termDocs.get(w);
      if (!c || now - c.at > TERM_DOCS_TTL_MS) {
        const r = await this.dialect.get<{ doc: number }>('SELECT doc FROM temp.events_fts_vocab WHERE term = ?', [w]);
        c = { n: Number(r?.doc ?? 0), at: now };
        if (this.termDocs.size >= TERM_DOCS_MAX) this.termDocs.clear();
        this.termDocs.set(w, c);
      }
      counts.push(c.n);
    }
    counts.sort((a, b) => a - b);
    return counts.reduce((p, c, i) => (i === 0 ? c : p * Math.min(1, c / total)), 0);
  }

  /** Share of the newest events passing row check `f` (on alias `e`), when the sample has enough hits to tell. */
  private async sampleShare(f: { sql: string; params: readonly SqlValue[] }): Promise<number | null> {
    const r = await this.dialect.get<{ n: number; m: number }>(
      `SELECT count(*) AS m, sum(CASE WHEN ${f.sql} THEN 1 ELSE 0 END) AS n FROM (SELECT id FROM events ORDER BY sort_date DESC, id DESC LIMIT 2000) e`, f.params);
    return r && Number(r.n ?? 0) >= 20 ? Number(r.n) / Number(r.m) : null;
  }

  /** Share of the newest events inside `bbox`, from the narrow sort index (no row reads). */
  private async bboxShare(bbox: readonly [number, number, number, number]): Promise<number> {
    const r = await this.dialect.get<{ n: number; m: number }>(
      `SELECT count(*) AS m, sum(lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?) AS n FROM (SELECT lat, lon FROM events ORDER BY sort_date DESC, id DESC LIMIT 4000)`,
      [bbox[0], bbox[2], bbox[1], bbox[3]]);
    return r && Number(r.m) > 0 ? Number(r.n ?? 0) / Number(r.m) : 1;
  }

  /**
   * WHERE clause for an event query. On SQLite a small cost model picks how to run it: scan the
   * newest-first index with row checks (stops after one page: good when matches are common), or start
   * from the ids one index-only filter yields (R*Tree box, FTS5 words, place, actor, weapon), or from the
   * intersection of several of them (when each alone is common but together they are rare).
   * Sizes: FTS5 words from the FTS5 vocabulary, boxes from a sample of the newest index entries, the
   * rest counted up to a cap. Row checks that the narrow indexes hold (date, box, status, grade ...) cost
   * little per row; others (text, type, place, actor) read the row.
   */
  private async eventWhere(q: EventQuery, pageRows = 101): Promise<Where> {
    const { where, drivers } = eventFilters(this.dialect, q, new Where());
    if (this.dialect.name !== 'sqlite' || drivers.length === 0) return where;
    const total = Math.max(1, Number((await this.dialect.get<{ n: number | null }>('SELECT max(id) AS n FROM events'))?.n ?? 1));
    const count = async (drv: (typeof drivers)[number], cap: number) =>
      Number((await this.dialect.get<{ n: number }>(`SELECT count(*) AS n FROM (${drv.sql} LIMIT ${cap + 1})`, drv.params))?.n ?? 0);
    type Sized = { drv: (typeof drivers)[number]; n: number; capped: boolean; estimated: boolean };
    const counted: Sized[] = [];
    for (const drv of drivers) {
      let c: Sized | null = null;
      if (drv.kind === 'text' && drv.words?.length) {
        const est = await this.textEstimate(drv.words, total);
        // An estimate above the cap is trusted; a small one is counted exactly (cheap, and it may be 0).
        if (est !== null && est > DRIVE_CAP) c = { drv, n: est, capped: false, estimated: true };
      } else if (drv.kind === 'bbox' && drv.bbox) {
        // A box holding many of the newest events is large: no need to count the R*Tree up to the cap.
        const est = (await this.bboxShare(drv.bbox)) * total;
        if (est > 2 * DRIVE_CAP) c = { drv, n: est, capped: false, estimated: true };
        else {
          const n = await count(drv, DRIVE_CAP);
          c = { drv, n: n > DRIVE_CAP ? Math.max(n, est) : n, capped: false, estimated: n > DRIVE_CAP };
        }
      } else if ((drv.kind === 'actor' || drv.kind === 'weapon') && drv.replaces !== undefined && where.parts[drv.replaces]) {
        // Common names (most events) would cost a capped count of ~20k ids; the row check on a sample of
        // the newest events (index lookups only) shows them as common for far less.
        const share = await this.sampleShare(where.parts[drv.replaces]!);
        if (share !== null && share * total > 2 * DRIVE_CAP) c = { drv, n: share * total, capped: false, estimated: true };
      }
      if (!c) {
        const n = await count(drv, DRIVE_CAP);
        c = { drv, n, capped: n > DRIVE_CAP, estimated: false };
      }
      counted.push(c);
      if (c.n === 0 && !c.estimated) break;
    }
    // Which row checks the narrow indexes (events_sort / events_narrow) answer without reading the row.
    const NARROW = new Set(['id', 'sort_date', 'lat', 'lon', 'status', 'historical', 'grade', 'concern']);
    const isNarrow = (sql: string) => !/EXISTS|SELECT|vigil_words/i.test(sql) && [...sql.matchAll(/\be\.(\w+)/g)].every((m) => NARROW.has(m[1]));
    const narrowWithout = (skip: Set<number>) => where.parts.every((p, i) => !p || skip.has(i) || isNarrow(p.sql));
    // Relative costs: an id from an index ~ID_COST, a row looked up and checked ~ROW_COST (random page
    // reads), an index entry checked in the narrow index ~NARROW_COST.
    const ID_COST = 0.5;
    const ROW_COST = 20;
    const NARROW_COST = 0.5;
    const perRow = (skip: Set<number>) => (narrowWithout(skip) ? NARROW_COST : ROW_COST);
    const plan = () => {
      counted.sort((a, b) => a.n - b.n);
      const sel = counted.reduce((p, c) => p * Math.min(1, c.n / total), 1);
      let choice: Sized[] = [];
      let best = Math.min(total, pageRows / Math.max(sel, 1 / total)) * perRow(new Set());
      const known = counted.filter((c) => !c.capped && c.n <= DRIVE_CAP_WIDE);
      for (const c of known) {
        const cost = c.n * (ID_COST + perRow(new Set(c.drv.replaces === undefined ? [] : [c.drv.replaces])));
        if (cost < best) [choice, best] = [[c], cost];
      }
      if (known.length >= 2) {
        const skip = new Set(known.flatMap((c) => (c.drv.replaces === undefined ? [] : [c.drv.replaces])));
        const inter = known.reduce((p, c) => p + c.n * ID_COST, 0) + total * known.reduce((p, c) => p * (c.n / total), 1) * perRow(skip);
        if (inter < best) [choice, best] = [known, inter];
      }
      return { choice, best };
    };
    let { choice, best } = plan();
    // Still costly and some filter was only counted up to the cap: count those further, then re-plan.
    if (best > DRIVE_CAP * ROW_COST && counted.some((c) => c.capped) && counted.length >= 2) {
      for (const c of counted) if (c.capped) { c.n = await count(c.drv, DRIVE_CAP_WIDE); c.capped = c.n > DRIVE_CAP_WIDE; }
      ({ choice, best } = plan());
    }
    if (choice.length) {
      for (const c of choice) if (c.drv.replaces !== undefined) where.remove(c.drv.replaces);
      const sql = choice.map((c) => `SELECT id FROM (${c.drv.sql})`).join(' INTERSECT ');
      where.add(`e.id IN (${sql})`, ...choice.flatMap((c) => c.drv.params));
    }
    return where;
  }

  /**
   * One page of events: ids in order first (small rows to sort, from the narrow indexes), then the
   * columns `select` names for those ids only (keyset cursor over sort_date, id).
   */
  /** Ids (newest first) of one page of events, up to limit + 1 (the extra one says there is a next page). */
  private async eventPageIds(q: EventQuery, limit: number): Promise<{ id: number; sort_date: string }[]> {
    let ids: { id: number; sort_date: string }[] | null = null;
    if (this.dialect.eventPageIds) {
      eventFilters(this.dialect, q, new Where()); // validation only: throws on a bad date, grade or box
      // The search index has no term for undated events, which a date window leaves out unless asked (filters.ts):
      // they are dropped from each batch of ids, and the next batch is read from the last id until the page is full.
      const dropUndated = !!(q.since || q.until) && !q.includeUndated;
      let from = q;
      const out: { id: number; sort_date: string }[] = [];
      for (let round = 0; round < 50; round++) {
        const got = await this.dialect.eventPageIds(from, limit + 1);
        if (!got) {
          ids = null;
          break;
        }
        let keep = got;
        if (dropUndated && got.length) {
          const dated = await this.dialect.all<{ id: number }>(
            `SELECT id FROM events WHERE id IN (${got.map(() => '?').join(', ')}) AND date_start IS NOT NULL`, got.map((r) => r.id));
          const set = new Set(dated.map((r) => Number(r.id)));
          keep = got.filter((r) => set.has(Number(r.id)));
        }
        out.push(...keep.map((r) => ({ id: r.id, sort_date: r.sortDate })));
        ids = out;
        if (!dropUndated || got.length < limit + 1 || out.length >= limit + 1) break;
        const last = got[got.length - 1];
        from = { ...q, cursor: encodeCursor(last.sortDate, Number(last.id)) };
      }
      if (ids) ids = ids.slice(0, limit + 1);
    }
    if (!ids) {
      const w = await this.eventWhere(q, limit + 1);
      addCursor(w, q.cursor, 'e');
      ids = await this.dialect.all<{ id: number; sort_date: string }>(
        `SELECT e.id, e.sort_date FROM events e ${w.sql()} ORDER BY e.sort_date DESC, e.id DESC LIMIT ${limit + 1}`, w.params);
    }
    return ids;
  }

  private async eventPage<T extends { id: number }>(q: EventQuery, select: string, map: (r: Row) => T, mapArray?: (r: unknown[]) => T): Promise<Page<T>> {
    const limit = pageSize(q.limit);
    const ids = await this.eventPageIds(q, limit);
    const page = ids.slice(0, limit);
    const byId = new Map<number, T>();
    if (page.length) {
      const sql = `SELECT ${select} FROM events e LEFT JOIN documents d ON d.id = e.document_id LEFT JOIN sources s ON s.id = d.source_id
         WHERE e.id IN (${page.map(() => '?').join(', ')})`;
      const params = page.map((r) => Number(r.id));
      if (mapArray && this.dialect.allArrays) for (const r of await this.dialect.allArrays(sql, params)) byId.set(Number(r[0]), mapArray(r));
      else for (const r of await this.dialect.all<Row>(sql, params)) byId.set(Number(r.id), map(r));
    }
    const items = page.map((r) => byId.get(Number(r.id))).filter((x): x is T => !!x);
    const last = page[page.length - 1];
    return { items, nextCursor: ids.length > limit ? encodeCursor(String(last.sort_date), Number(last.id)) : null };
  }

  queryEvents(q: EventQuery = {}): Promise<Page<EventRow>> {
    return this.eventPage(q, 'e.*, s.name AS source_name, s.kind AS source_kind', toEventRow);
  }

  async eventSummaryPageJson(q: EventQuery = {}): Promise<string | null> {
    if (this.dialect.name !== 'sqlite') return null;
    const limit = pageSize(q.limit);
    const ids = await this.eventPageIds(q, limit);
    const page = ids.slice(0, limit);
    const last = page[page.length - 1];
    const next = ids.length > limit ? encodeCursor(String(last.sort_date), Number(last.id)) : null;
    // Field for field what dto.ts eventSummary makes of toEventSummaryRow (same keys, same order, same
    // fallbacks: kind '', unreadable actor / weapon JSON [], fatalities best ?? low ?? high).
    const json = (col: string) => `CASE WHEN json_valid(${col}) THEN json(${col}) ELSE json('[]') END`;
    const items = page.length === 0 ? '[]' : String((await this.dialect.get<{ j: string }>(
      `SELECT json_group_array(json_object('id', e.id, 'documentId', e.document_id, 'incidentId', e.incident_id, 'eventType', e.event_type,
         'subEventType', e.sub_event_type, 'kind', coalesce(e.kind, ''), 'date', e.date_start, 'dateEnd', e.date_end, 'lat', e.lat, 'lon', e.lon,
         'place', e.location_name, 'admin1', e.admin1, 'country', e.country, 'actors', ${json('e.actors')}, 'weapons', ${json('e.weapons')},
         'fatalities', coalesce(e.fat_best, e.fat_low, e.fat_high), 'grade', e.grade, 'status', e.status, 'source', s.name) ORDER BY o.n) AS j
       FROM (SELECT CAST(key AS INTEGER) AS n, value AS id FROM json_each(?)) o JOIN events e ON e.id = o.id
       LEFT JOIN documents d ON d.id = e.document_id LEFT JOIN sources s ON s.id = d.source_id`,
      [JSON.stringify(page.map((r) => Number(r.id)))]))?.j ?? '[]');
    return `{"items":${items},"nextCursor":${JSON.stringify(next)}}`;
  }

  queryEventSummaries(q: EventQuery = {}): Promise<Page<EventSummaryRow>> {
    return this.eventPage(q, EVENT_SUMMARY_COLUMNS, toEventSummaryRow, toEventSummaryArray);
  }

  async *iterateEvents(q: EventQuery = {}): AsyncIterable<EventRow> {
    let cursor: string | undefined;
    do {
      // pages of 250: SQLite answers synchronously, and a page is as long as the event loop is held (exports)
      const page = await this.queryEvents({ ...q, limit: 250, cursor });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  async countEvents(q: EventQuery = {}): Promise<number> {
    const w = await this.eventWhere(q);
    return Number((await this.dialect.get<{ n: number }>(`SELECT count(*) AS n FROM events e ${w.sql()}`, w.params))?.n ?? 0);
  }

  async eventHistogram(q: EventQuery, bucket: 'day' | 'week' | 'month'): Promise<HistogramBucket[]> {
    if (!['day', 'week', 'month'].includes(bucket)) throw new VigilError('VIGIL_ERR_VALIDATION', 'bucket must be day, week or month', { field: 'bucket' });
    const w = await this.eventWhere(q);
    // Undated events have no place on a timeline (their sort date is only a publication/capture bound, often today).
    w.add(`e.sort_date <> ''`);
    w.add(`e.date_start IS NOT NULL`);
    const b = this.dialect.bucketExpr('e.sort_date', bucket);
    const rows = await this.dialect.all<Row>(
      `SELECT ${b} AS start, count(*) AS n, coalesce(sum(e.fat_best), 0) AS f FROM events e ${w.sql()} GROUP BY ${b} ORDER BY 1`, w.params);
    return rows.map((r) => ({ start: String(r.start), count: Number(r.n), fatalities: Number(r.f) }));
  }

  async getIncident(id: number): Promise<IncidentDetail | null> {
    const r = await this.dialect.get<Row>('SELECT * FROM incidents WHERE id = ?', [id]);
    if (!r) return null;
    const events = (await this.dialect.all<Row>(`${EVENT_SELECT} WHERE e.incident_id = ? ORDER BY e.id`, [id])).map(toEventRow);
    const docIds = [...new Set(events.map((e) => e.documentId))];
    const documents: DocumentRow[] = [];
    for (const d of docIds) {
      const doc = await this.getDocument(d, { withText: true });
      if (doc) documents.push(doc);
    }
    return { ...toIncidentRow(r), events, documents };
  }

  async queryIncidents(q: IncidentQuery = {}): Promise<Page<IncidentRow>> {
    const limit = pageSize(q.limit);
    const w = incidentFilters(this.dialect, q, new Where());
    addCursor(w, q.cursor, 'i');
    const rows = await this.dialect.all<Row>(`SELECT i.* FROM incidents i ${w.sql()} ORDER BY i.sort_date DESC, i.id DESC LIMIT ${limit + 1}`, w.params);
    const items = rows.slice(0, limit).map(toIncidentRow);
    const lastRow = rows[limit - 1];
    return { items, nextCursor: rows.length > limit ? encodeCursor(String(lastRow.sort_date), Number(lastRow.id)) : null };
  }

  async *iterateIncidents(q: IncidentQuery = {}): AsyncIterable<IncidentRow> {
    let cursor: string | undefined;
    do {
      const page = await this.queryIncidents({ ...q, limit: 1000, cursor });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  // ---------------------------------------------------------------------------------------------
  // Review

  review(req: ReviewRequest, ctx: ReviewContext): Promise<ReviewResult> {
    return this.dialect.transaction((tx) => applyReview(tx, req, ctx));
  }

  async listReviewActions(opts: { targetKind?: 'event' | 'incident'; targetId?: number; userName?: string; limit?: number } = {}): Promise<ReviewActionRow[]> {
    const w = new Where();
    if (opts.targetKind) w.add('target_kind = ?', opts.targetKind);
    if (opts.targetId !== undefined) w.add('target_id = ?', opts.targetId);
    if (opts.userName) w.add('user_name = ?', opts.userName);
    const rows = await this.dialect.all<Row>(`SELECT * FROM review_actions ${w.sql()} ORDER BY id DESC LIMIT ${pageSize(opts.limit)}`, w.params);
    return rows.map((r) => ({
      id: Number(r.id), at: String(r.at), userName: String(r.user_name), userId: r.user_id === null ? null : Number(r.user_id),
      action: r.action as ReviewActionRow['action'], targetKind: r.target_kind as 'event' | 'incident', targetId: Number(r.target_id),
      field: (r.field as string | null) ?? null, before: parseJson(r.before_value, null), after: parseJson(r.after_value, null),
      note: (r.note as string | null) ?? null,
    }));
  }

  // ---------------------------------------------------------------------------------------------
  // Accounts

  async createUser(u: { name: string; role: Role; passwordHash: string }): Promise<UserRow> {
    if (!ROLES.includes(u.role)) throw new VigilError('VIGIL_ERR_VALIDATION', `role must be one of ${ROLES.join(', ')}`, { field: 'role' });
    if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(u.name)) throw new VigilError('VIGIL_ERR_VALIDATION', 'user name: 1-64 letters, digits, . _ @ -', { field: 'name' });
    const exists = await this.dialect.get('SELECT id FROM users WHERE name = ?', [u.name]);
    if (exists) throw new VigilError('VIGIL_ERR_CONFLICT', `user ${u.name} exists`);
    const r = await this.dialect.get<Row>('INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, 0, ?) RETURNING *', [u.name, u.role, u.passwordHash, nowIso()]);
    return toUser(r!);
  }
  async getUser(id: number): Promise<UserRow | null> {
    const r = await this.dialect.get<Row>('SELECT * FROM users WHERE id = ?', [id]);
    return r ? toUser(r) : null;
  }
  async getUserByName(name: string): Promise<UserWithHash | null> {
    const r = await this.dialect.get<Row>('SELECT * FROM users WHERE name = ?', [name]);
    return r ? { ...toUser(r), passwordHash: String(r.password_hash) } : null;
  }
  async listUsers(): Promise<UserRow[]> {
    return (await this.dialect.all<Row>('SELECT * FROM users ORDER BY id')).map(toUser);
  }
  async updateUser(id: number, patch: { role?: Role; passwordHash?: string; disabled?: boolean }): Promise<UserRow> {
    const u = await this.getUser(id);
    if (!u) throw new VigilError('VIGIL_ERR_NOT_FOUND', `user ${id}`);
    if (patch.role !== undefined && !ROLES.includes(patch.role)) throw new VigilError('VIGIL_ERR_VALIDATION', `role must be one of ${ROLES.join(', ')}`, { field: 'role' });
    if (patch.role !== undefined) await this.dialect.run('UPDATE users SET role = ? WHERE id = ?', [patch.role, id]);
    if (patch.passwordHash !== undefined) await this.dialect.run('UPDATE users SET password_hash = ? WHERE id = ?', [patch.passwordHash, id]);
    if (patch.disabled !== undefined) await this.dialect.run('UPDATE users SET disabled = ? WHERE id = ?', [patch.disabled ? 1 : 0, id]);
    // A new password or role ends the user's sessions: whoever held the old password (or the old rights) logs in again.
    if (patch.passwordHash !== undefined || (patch.role !== undefined && patch.role !== u.role) || patch.disabled) {
      await this.dialect.run('DELETE FROM sessions WHERE user_id = ?', [id]);
    }
    return (await this.getUser(id))!;
  }
  async countUsers(): Promise<number> {
    return Number((await this.dialect.get<{ n: number }>('SELECT count(*) AS n FROM users'))?.n ?? 0);
  }

  async createSession(s: { id: string; userId: number; csrfToken: string; expiresAt: string }): Promise<SessionRow> {
    const createdAt = nowIso();
    await this.dialect.run('INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [s.id, s.userId, s.csrfToken, createdAt, s.expiresAt]);
    return { ...s, createdAt };
  }
  async getSession(id: string, now: Date = new Date()): Promise<{ session: SessionRow; user: UserRow } | null> {
    const r = await this.dialect.get<Row>(
      `SELECT s.id AS sid, s.user_id, s.csrf_token, s.created_at AS screated, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ? AND s.expires_at > ? AND u.disabled = 0`, [id, now.toISOString()]);
    if (!r) return null;
    return {
      session: { id: String(r.sid), userId: Number(r.user_id), csrfToken: String(r.csrf_token), createdAt: String(r.screated), expiresAt: String(r.expires_at) },
      user: toUser(r),
    };
  }
  async deleteSession(id: string): Promise<void> {
    await this.dialect.run('DELETE FROM sessions WHERE id = ?', [id]);
  }
  async deleteExpiredSessions(now: Date = new Date()): Promise<number> {
    return (await this.dialect.run('DELETE FROM sessions WHERE expires_at <= ?', [now.toISOString()])).changes;
  }

  async createApiToken(t: { userId: number; name: string; tokenHash: string }): Promise<ApiTokenRow> {
    const r = await this.dialect.get<Row>('INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING *', [t.userId, t.name.slice(0, 200), t.tokenHash, nowIso()]);
    return toToken(r!);
  }
  async getApiToken(tokenHash: string): Promise<{ token: ApiTokenRow; user: UserRow } | null> {
    const r = await this.dialect.get<Row>(
      `SELECT t.id AS tid, t.user_id, t.name AS tname, t.created_at AS tcreated, t.last_used_at, t.revoked_at, u.* FROM api_tokens t
       JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = 0`, [tokenHash]);
    if (!r) return null;
    const at = nowIso();
    await this.dialect.run('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', [at, Number(r.tid)]);
    return {
      token: { id: Number(r.tid), userId: Number(r.user_id), name: String(r.tname), createdAt: String(r.tcreated), lastUsedAt: at, revokedAt: null },
      user: toUser(r),
    };
  }
  async listApiTokens(userId: number): Promise<ApiTokenRow[]> {
    return (await this.dialect.all<Row>('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY id', [userId])).map(toToken);
  }
  async revokeApiToken(id: number): Promise<void> {
    await this.dialect.run('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [nowIso(), id]);
  }
}

export async function openSqlStore(url: string, opts: OpenStoreOptions = {}): Promise<SqlStore> {
  const dialect: Dialect = isPg(url) ? new PostgresDialect(url) : new SqliteDialect(url, { readonly: opts.readonly });
  const store = new SqlStore(url, dialect);
  if (opts.migrate !== false && !opts.readonly) {
    try {
      await store.migrate();
    } catch (e) {
      await dialect.close().catch(() => undefined);
      throw e;
    }
  }
  return store;
}

export type { EventRecord };
