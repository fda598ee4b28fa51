/**
 * The public API of Vigil's event store. The CLI (`vigil ingest/events/incidents/verify/sources/review/db`)
 * and the HTTP server (`vigil serve`) only ever talk to a `Store`; which database sits behind it
 * (SQLite file or PostgreSQL + PostGIS) is chosen by the URL given to `openStore(url)` (src/store/index.ts).
 *
 * Conventions
 * - Ids are integers (JSON numbers). Timestamps are ISO 8601 strings in UTC. Dates are YYYY-MM-DD.
 * - Evidence spans in `EventRecord.evidence` / `EventRecord.span` index `DocumentRow.text` (the analysis
 *   text the extractor produced); the untouched original bytes are in `OriginalRow.bytes`.
 * - Nothing reviewable is ever deleted: reject / merge / split set status flags and every change is
 *   written to the review trail with who, when, before and after.
 * - The custody log is append-only (the database refuses UPDATE and DELETE on it).
 */
import type { EventRecord, Range } from '../model/event.js';
import type { SourceDocument } from '../model/document.js';

export type SourceKind = 'official' | 'independent-media' | 'social-media' | 'observer' | 'ngo' | 'unknown';
export const SOURCE_KINDS: readonly SourceKind[] = ['official', 'independent-media', 'social-media', 'observer', 'ngo', 'unknown'];

/** Airwars' corroboration scale, best first. */
export type Grade = 'confirmed' | 'fair' | 'weak' | 'contested' | 'discounted';
export const GRADES: readonly Grade[] = ['confirmed', 'fair', 'weak', 'contested', 'discounted'];

export type Role = 'viewer' | 'analyst' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'analyst', 'admin'];

/** Review status of an event. */
export type EventStatus = 'pending' | 'accepted' | 'rejected';
/** Status of an incident: `merged` ones point at the incident they were merged into. */
export type IncidentStatus = 'pending' | 'accepted' | 'rejected' | 'merged';

export interface StoreCapabilities {
  dialect: 'sqlite' | 'postgres';
  fullTextSearch: 'fts5' | 'tsvector';
  spatial: 'rtree' | 'postgis';
}

// ---------------------------------------------------------------------------------------------
// Rows returned by the store

export interface SourceRow {
  id: number;
  name: string;
  kind: SourceKind;
  url: string | null;
  documentCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentRow {
  id: number;
  /** Lower-case hex SHA-256 of the original bytes: the document's identity (idempotent ingest). */
  sha256: string;
  /** The id the input carried (JSONL `id`) or `sha256:<hex>`. */
  key: string;
  sourceId: number | null;
  sourceName: string | null;
  sourceKind: SourceKind | null;
  url: string | null;
  title: string | null;
  language: string | null;
  /** Publication date as given (YYYY-MM-DD or ISO timestamp). */
  published: string | null;
  capturedAt: string;
  mediaType: string;
  /** Where it came from: `file:<path>`, `jsonl-line:<path#line=N>`, `url:<url>` ... */
  origin: string;
  /** Analysis text (evidence spans refer to it). Omitted in list queries unless asked for. */
  text?: string;
  eventCount: number;
  createdAt: string;
}

export interface OriginalRow {
  documentId: number;
  sha256: string;
  size: number;
  mediaType: string;
  capturedAt: string;
  sourceUrl: string | null;
  /** Capturing tool and version (Berkeley Protocol): "vigil", VERSION. */
  tool: string;
  toolVersion: string;
  bytes: Buffer;
}

export type CustodyAction = 'ingested' | 'verified' | 'verify-failed' | 'reviewed' | 'exported' | 'source-edited';

export interface CustodyEntry {
  id: number;
  documentId: number | null;
  action: CustodyAction;
  /** User name, or "vigil" for automatic steps. */
  actor: string;
  at: string;
  sha256: string | null;
  detail: Record<string, unknown> | null;
}

/**
 * What a list or map needs of an event: the narrow columns only (no record JSON, no passage), so a page
 * of them reads the first page of each row and decodes no evidence. Served by Store.queryEventSummaries.
 */
export type EventSummaryRow = Pick<EventRow,
  'id' | 'documentId' | 'incidentId' | 'eventType' | 'subEventType' | 'kind' | 'dateStart' | 'dateEnd' | 'lat' | 'lon' |
  'locationName' | 'admin1' | 'country' | 'actors' | 'weapons' | 'fatalities' | 'concern' | 'historical' | 'status' | 'grade' | 'sourceName'>;

export interface EventRow {
  id: number;
  documentId: number;
  incidentId: number | null;
  /** Extractor id of the record (`${docKey}#n`). */
  key: string;
  eventType: string | null;
  subEventType: string | null;
  kind: string;
  /** Coarse family used for clustering (battle, remote, civilian, protest, riot, strategic). */
  family: string | null;
  dateStart: string | null;
  dateEnd: string | null;
  datePrecision: string;
  locationName: string | null;
  admin1: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  /** Vigil precision vocabulary (exact, near, district, province, country, unknown). */
  precision: string | null;
  geoPrecision: number | null;
  fatalities: Range | null;
  injured: Range | null;
  civilianFatalities: Range | null;
  actors: string[];
  weapons: string[];
  /** Any weapon of humanitarian concern named. */
  concern: boolean;
  attribution: string;
  historical: boolean;
  status: EventStatus;
  /** Grade of the incident the event belongs to. */
  grade: Grade | null;
  /** Why clustering put the event in its incident (or opened a new one). */
  clusterReasons: string[];
  /** The full record, with reviewers' edits applied. */
  record: EventRecord;
  sourceName: string | null;
  sourceKind: SourceKind | null;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentRow {
  id: number;
  family: string | null;
  eventType: string | null;
  subEventType: string | null;
  kind: string | null;
  dateStart: string | null;
  dateEnd: string | null;
  locationName: string | null;
  admin1: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  precision: string | null;
  /** Across reports, UCDP convention: low = lowest credible, high = highest, best = best estimate. */
  fatalities: Range | null;
  grade: Grade | null;
  /** Why the grade (and each merge) was decided, human readable. */
  reasons: string[];
  actors: string[];
  weapons: string[];
  eventCount: number;
  documentCount: number;
  sourceCount: number;
  status: IncidentStatus;
  mergedInto: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentDetail extends IncidentRow {
  events: EventRow[];
  documents: DocumentRow[];
}

export interface ReviewActionRow {
  id: number;
  at: string;
  userName: string;
  userId: number | null;
  action: ReviewAction;
  targetKind: 'event' | 'incident';
  targetId: number;
  field: string | null;
  before: unknown;
  after: unknown;
  note: string | null;
}

export interface IngestErrorRow {
  id: number;
  at: string;
  /** Where the failed item came from (IngestOrigin.locator). */
  locator: string;
  sha256: string | null;
  code: string;
  message: string;
}

export interface UserRow {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}
export interface UserWithHash extends UserRow {
  /** Opaque hash string produced by the server (scrypt / argon2); the store never sees passwords. */
  passwordHash: string;
}

export interface SessionRow {
  /** The session id as stored: callers store a hash of the cookie value, not the value. */
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface ApiTokenRow {
  id: number;
  userId: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

// ---------------------------------------------------------------------------------------------
// Inputs

export interface EventQuery {
  /**
   * Events on or after this date (YYYY-MM-DD), by event date. Undated events (no date in the text, only a
   * publication/capture bound) are left out of date-filtered queries unless `includeUndated` asks for them.
   */
  since?: string;
  /** With since/until: also undated events whose publication/capture bound falls in the window. */
  includeUndated?: boolean;
  until?: string;
  /** [minLon, minLat, maxLon, maxLat] in WGS84. */
  bbox?: [number, number, number, number];
  /** Place name, admin1 or country (case-insensitive prefix). */
  place?: string;
  /** ACLED event type, sub-event type or Vigil kind (case-insensitive exact). */
  type?: string;
  /** Actor name or registry id (case-insensitive prefix). */
  actor?: string;
  /** Weapon name, id or category (case-insensitive prefix); "concern" = any weapon of humanitarian concern. */
  weapon?: string;
  grade?: Grade | Grade[];
  /** Full-text search over event passages (FTS5 / tsvector syntax-free: words are ANDed). */
  text?: string;
  status?: EventStatus | EventStatus[];
  incidentId?: number;
  documentId?: number;
  /** Historical (background) events are excluded unless true. */
  includeHistorical?: boolean;
  /** Rejected events are excluded unless true or status asks for them. */
  includeRejected?: boolean;
  /** true: only events whose text gives a date; false: only undated ones (placed by their publication date). */
  dated?: boolean;
  /** Page size: default 100, at most 1000. */
  limit?: number;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string;
}

export interface IncidentQuery extends Omit<EventQuery, 'status' | 'incidentId' | 'documentId' | 'includeHistorical'> {
  status?: IncidentStatus | IncidentStatus[];
  /** Merged incidents are excluded unless true. */
  includeMerged?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface HistogramBucket {
  /** First day of the bucket (YYYY-MM-DD). */
  start: string;
  count: number;
  fatalities: number;
}

/** One item to store: what `readSources` (src/ingest) produced plus the extractor's events. */
export interface IngestDocumentInput {
  sha256: string;
  raw: Buffer;
  mediaType: string;
  capturedAt: string;
  /** e.g. "jsonl-line:/path/x.jsonl#line=3" */
  origin: string;
  source: { name: string; kind: SourceKind; url?: string | null };
  document: SourceDocument;
  /** Analysis text the event spans refer to (Doc.text); defaults to document.source. */
  text?: string;
  language?: string | null;
  events: EventRecord[];
}

export interface IngestDocumentResult {
  status: 'new' | 'duplicate';
  documentId: number;
  eventIds: number[];
  /** Incidents the document's events joined or created. */
  incidentIds: number[];
  newIncidents: number;
}

export interface ReviewContext {
  userName: string;
  userId?: number | null;
  note?: string | null;
}

export type ReviewAction = 'accept' | 'reject' | 'edit' | 'merge' | 'split';

export type ReviewRequest =
  | { action: 'accept' | 'reject'; target: 'event' | 'incident'; id: number }
  /** `field` must be one of EDITABLE_EVENT_FIELDS / EDITABLE_INCIDENT_FIELDS. */
  | { action: 'edit'; target: 'event' | 'incident'; id: number; field: string; value: unknown }
  /** Merge `from` incidents into `into`: their events move, they get status `merged`. */
  | { action: 'merge'; into: number; from: number[] }
  /** Move events out of their incident into one new incident. */
  | { action: 'split'; eventIds: number[] };

export interface ReviewResult {
  actions: ReviewActionRow[];
  /** Incident created by a split, or the surviving incident of a merge. */
  incidentId?: number;
}

export const EDITABLE_EVENT_FIELDS = [
  'eventType', 'subEventType', 'kind', 'dateStart', 'dateEnd', 'locationName', 'admin1', 'country',
  'lat', 'lon', 'precision', 'fatalities', 'injured', 'civilianFatalities', 'actors', 'weapons', 'historical',
] as const;
export const EDITABLE_INCIDENT_FIELDS = [
  'eventType', 'subEventType', 'kind', 'dateStart', 'dateEnd', 'locationName', 'admin1', 'country',
  'lat', 'lon', 'precision', 'fatalities', 'grade',
] as const;

export interface VerifyReport {
  checked: number;
  /** Originals whose bytes differ from their stored hash, their document's hash, or the custody log's first hash. */
  mismatches: { documentId: number; expected: string; actual: string }[];
  /** Documents without an original, and documents the custody log says were ingested that no longer exist. */
  missing: { documentId: number; expected: string | null }[];
  /** One Merkle root (RFC 6962, src/store/merkle.ts) per capture day (UTC) over its originals' SHA-256s, by document id. */
  days: { day: string; count: number; root: string }[];
}

export interface StoreStats {
  documents: number;
  originals: number;
  events: number;
  incidents: number;
  sources: number;
  ingestErrors: number;
  reviewActions: number;
  schemaVersion: number;
}

// ---------------------------------------------------------------------------------------------
// The store

export interface WarmUpOptions {
  /**
   * SQLite: page cache for the part of the file beyond the memory map, in MiB. Not used by vigil serve:
   * at 1M events a 1 GiB cache per process cut the CPU of sequential queries by a quarter, but made the
   * two-process server slower under load (the warm-up scan churns it).
   */
  cacheMiB?: number;
}

export interface Store {
  readonly url: string;
  readonly capabilities: StoreCapabilities;

  /** Apply pending migrations (openStore does this unless told not to). Returns the schema version. */
  migrate(): Promise<number>;
  /**
   * Optional: read the store's large tables once in small steps (yielding between them), so that a
   * server's first requests do not each fault in pages of a cold file. Stops when `signal` aborts.
   * Resolves to the milliseconds spent (0 when there was nothing to do).
   */
  warmUp?(signal?: AbortSignal, opts?: WarmUpOptions): Promise<number>;
  close(): Promise<void>;
  stats(): Promise<StoreStats>;

  // Ingest and provenance --------------------------------------------------------------------
  /**
   * Store one document in ONE transaction: source, document, original bytes, events, incident
   * assignment (incremental clustering against incidents near the event) and an `ingested` custody
   * entry. Idempotent by SHA-256: the same bytes again return `duplicate` and change nothing.
   */
  ingestDocument(input: IngestDocumentInput): Promise<IngestDocumentResult>;
  /** Which of these SHA-256 values are stored already (lets ingest skip extraction). */
  knownHashes(sha256s: string[]): Promise<Set<string>>;
  recordIngestError(e: { locator: string; sha256?: string | null; code: string; message: string }): Promise<void>;
  listIngestErrors(opts?: { limit?: number }): Promise<IngestErrorRow[]>;

  getDocument(id: number, opts?: { withText?: boolean }): Promise<DocumentRow | null>;
  listDocuments(opts?: { sourceId?: number; limit?: number; cursor?: string }): Promise<Page<DocumentRow>>;
  getOriginal(documentId: number): Promise<OriginalRow | null>;
  listCustody(opts?: { documentId?: number; limit?: number }): Promise<CustodyEntry[]>;
  appendCustody(e: { documentId: number | null; action: CustodyAction; actor: string; sha256?: string | null; detail?: Record<string, unknown> | null }): Promise<void>;
  /** Re-hash every original; records `verified` / `verify-failed` custody entries. */
  verifyOriginals(opts?: { onProgress?: (done: number, total: number) => void; actor?: string }): Promise<VerifyReport>;

  // Sources ------------------------------------------------------------------------------------
  listSources(): Promise<SourceRow[]>;
  getSource(idOrName: number | string): Promise<SourceRow | null>;
  setSourceKind(idOrName: number | string, kind: SourceKind, ctx: ReviewContext): Promise<SourceRow>;

  // Events and incidents -----------------------------------------------------------------------
  getEvent(id: number): Promise<EventRow | null>;
  queryEvents(q?: EventQuery): Promise<Page<EventRow>>;
  /** Same filters, order and cursor as queryEvents, returning summaries (lists, maps: much less to read per row). */
  queryEventSummaries(q?: EventQuery): Promise<Page<EventSummaryRow>>;
  /**
   * Optional: the same page as the API's JSON (`{"items": [event summaries as GET /api/events sends
   * them], "nextCursor"}`), built by the database (SQLite: no row objects, no JSON.stringify in the
   * server). Null when the backend does not build it. Kept identical to queryEventSummaries mapped through
   * src/server/dto.ts eventSummary (test/store/search.test.ts).
   */
  eventSummaryPageJson?(q?: EventQuery): Promise<string | null>;
  /** All matching events, in pages, for exports (ignores limit/cursor). */
  iterateEvents(q?: EventQuery): AsyncIterable<EventRow>;
  countEvents(q?: EventQuery): Promise<number>;
  eventHistogram(q: EventQuery, bucket: 'day' | 'week' | 'month'): Promise<HistogramBucket[]>;

  getIncident(id: number): Promise<IncidentDetail | null>;
  queryIncidents(q?: IncidentQuery): Promise<Page<IncidentRow>>;
  iterateIncidents(q?: IncidentQuery): AsyncIterable<IncidentRow>;

  // Review -------------------------------------------------------------------------------------
  review(req: ReviewRequest, ctx: ReviewContext): Promise<ReviewResult>;
  listReviewActions(opts?: { targetKind?: 'event' | 'incident'; targetId?: number; userName?: string; limit?: number }): Promise<ReviewActionRow[]>;

  // Accounts (the server hashes passwords and tokens; the store keeps hashes only) -------------
  createUser(u: { name: string; role: Role; passwordHash: string }): Promise<UserRow>;
  getUser(id: number): Promise<UserRow | null>;
  getUserByName(name: string): Promise<UserWithHash | null>;
  listUsers(): Promise<UserRow[]>;
  updateUser(id: number, patch: { role?: Role; passwordHash?: string; disabled?: boolean }): Promise<UserRow>;
  countUsers(): Promise<number>;

  createSession(s: { id: string; userId: number; csrfToken: string; expiresAt: string }): Promise<SessionRow>;
  /** The session and its user, or null when unknown, expired, or the user is disabled. */
  getSession(id: string, now?: Date): Promise<{ session: SessionRow; user: UserRow } | null>;
  deleteSession(id: string): Promise<void>;
  deleteExpiredSessions(now?: Date): Promise<number>;

  createApiToken(t: { userId: number; name: string; tokenHash: string }): Promise<ApiTokenRow>;
  /** The token and its user (and touches lastUsedAt), or null when unknown, revoked or the user disabled. */
  getApiToken(tokenHash: string): Promise<{ token: ApiTokenRow; user: UserRow } | null>;
  listApiTokens(userId: number): Promise<ApiTokenRow[]>;
  revokeApiToken(id: number): Promise<void>;
}

export interface OpenStoreOptions {
  /** Run migrations on open (default true). */
  migrate?: boolean;
  /** SQLite only: open read-only. */
  readonly?: boolean;
}
