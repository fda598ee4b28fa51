/**
 * The audit trail of one incident, for the analyst's incident view: every review action that changed
 * it or the reports it holds, newest first.
 *
 * `listReviewActions` filters by one target, but an incident's history is spread over several:
 * - actions on the incident itself (accept, reject, field corrections, the `events` row of a merge into it);
 * - actions on the events it holds now (an event's own review, and the `split` row that moved it here);
 * - `split` rows of events that were moved OUT of it (their target is the event, now in another incident;
 *   the row's `before` is this incident's id);
 * - the `mergedInto` rows of incidents merged INTO it (their target is the merged-away incident; the row's
 *   `after` is {"status":"merged","mergedInto":<this id>}, as src/store/repositories/review.ts writes it).
 *
 * Kept in its own file (not in sql-store.ts) so the store's query code stays untouched; it reads the
 * SqlStore's dialect and only SELECTs from review_actions and events with bound parameters.
 */
import type { Dialect } from './dialect.js';
import { VigilError } from '../errors/catalogue.js';
import { toIncidentRow } from './repositories/rows.js';
import type { IncidentRow, ReviewActionRow, Store } from './types.js';

/** Most rows one call returns (review is human-scale: a busy incident has tens). */
export const MAX_TRAIL_ROWS = 1000;

type Row = Record<string, unknown>;

function dialectOf(store: Store): Dialect {
  const d = (store as unknown as { dialect?: Dialect }).dialect;
  if (!d || typeof d.all !== 'function') throw new VigilError('VIGIL_ERR_INTERNAL', 'incident audit trail needs an SQL store');
  return d;
}

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v ?? null;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function toRow(r: Row): ReviewActionRow {
  return {
    id: Number(r.id),
    at: String(r.at),
    userName: String(r.user_name),
    userId: r.user_id === null || r.user_id === undefined ? null : Number(r.user_id),
    action: r.action as ReviewActionRow['action'],
    targetKind: r.target_kind as 'event' | 'incident',
    targetId: Number(r.target_id),
    field: (r.field as string | null) ?? null,
    before: parseJson(r.before_value),
    after: parseJson(r.after_value),
    note: (r.note as string | null) ?? null,
  };
}

export async function incidentAuditTrail(store: Store, incidentId: number, opts: { limit?: number } = {}): Promise<ReviewActionRow[]> {
  const limit = Math.max(1, Math.min(MAX_TRAIL_ROWS, Math.trunc(opts.limit ?? 200)));
  const d = dialectOf(store);
  // Indexed lookups joined with UNION (an OR over them would scan the table). The split-out and merged-in
  // branches compare before_value / after_value, which have no index: review_actions grows by human
  // actions only. If the store ever writes the merge JSON differently, test/api/review.test.ts fails.
  const rows = await d.all<Row>(
    `SELECT * FROM (
       SELECT * FROM review_actions WHERE target_kind = 'incident' AND target_id = ?
       UNION
       SELECT * FROM review_actions WHERE target_kind = 'event' AND target_id IN (SELECT id FROM events WHERE incident_id = ?)
       UNION
       SELECT * FROM review_actions WHERE action = 'split' AND target_kind = 'event' AND before_value = ?
       UNION
       SELECT * FROM review_actions WHERE action = 'merge' AND target_kind = 'incident' AND field = 'mergedInto' AND after_value = ?
     ) t ORDER BY id DESC LIMIT ${limit}`,
    [incidentId, incidentId, JSON.stringify(incidentId), JSON.stringify({ status: 'merged', mergedInto: incidentId })],
  );
  return rows.map(toRow);
}

/**
 * One incident's own row, without its events and documents (Store.getIncident reads every member
 * document's text: megabytes for a large merged incident, when a route only needs the place and dates).
 */
export async function incidentRowOnly(store: Store, incidentId: number): Promise<IncidentRow | null> {
  const r = await dialectOf(store).get<Row>('SELECT * FROM incidents WHERE id = ?', [incidentId]);
  return r ? toIncidentRow(r) : null;
}
