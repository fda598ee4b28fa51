/**
 * Incremental clustering inside the ingest transaction, and incident summaries. The matching and
 * grading rules are the pure functions of src/cluster; this file only loads candidates from the
 * database (same family, near in time and space) and writes the results back.
 */
import {
  DEFAULT_CLUSTER_OPTIONS, joinableFamilies, addToIncident, clusterEventFromRecord, matchIncident, newIncident, summarizeIncident,
  type ClusterEvent, type ClusterOptions, type IncidentSummary,
} from '../../cluster/index.js';
import { eventTypeOf, type AcledSubEventType, type EventRecord } from '../../model/event.js';
import { norm, type SqlConn } from '../dialect.js';
import type { SourceKind } from '../types.js';
import { countryNorm, nowIso, parseJson, type Row } from './rows.js';
import { FINGERPRINT_CHARS } from '../../cluster/near-duplicate.js';

/** Extra days around an event's dates when loading candidates; matchIncident applies the real rule. */
const CANDIDATE_DAYS = 10;
/** At most this many candidate incidents per event (nearest in time first). */
const MAX_CANDIDATES = 300;
/**
 * An incident holding this many events takes no more: the next matching event opens a new incident. Matching is
 * pairwise-loose (an event joins when it is near enough to the incident so far), so a chain of loosely linked reports
 * (each a day and a few km from the previous one) could grow one incident without end: one of 1,889 events formed on
 * a 50,000-message channel, and every join re-read all its members, so ingest slowed down as it grew. The cap bounds
 * both the error and the cost of a join; incidents also span at most maxIncidentSpanDays (src/cluster).
 */
export const MAX_INCIDENT_EVENTS = 200;

function addDays(d: string, n: number): string {
  const t = Date.parse(`${d.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(t)) return d;
  return new Date(t + n * 86_400_000).toISOString().slice(0, 10);
}

export interface MemberMeta {
  sourceName: string | null;
  sourceKind: SourceKind | null;
  published: string | null;
  captured: string | null;
  /** The head of the report's text: near-duplicate reports count as one source in the grade. */
  text?: string | null;
}

export function toClusterEvent(eventId: number, record: EventRecord, meta: MemberMeta): ClusterEvent {
  const ev = clusterEventFromRecord(record, {
    sourceName: meta.sourceName, sourceKind: meta.sourceKind, published: meta.published, captured: meta.captured, text: meta.text ?? null,
  });
  return { ...ev, id: String(eventId) };
}

/** Candidate incidents for one event: same family, dates within a window, inside a box around it. */
export async function loadCandidates(tx: SqlConn, ev: ClusterEvent, opts: ClusterOptions = {}): Promise<IncidentSummary[]> {
  const o = { ...DEFAULT_CLUSTER_OPTIONS, ...opts };
  const where: string[] = [`status IN ('pending', 'accepted')`, `summary IS NOT NULL`, `event_count < ${MAX_INCIDENT_EVENTS}`];
  const params: (string | number)[] = [];
  if (ev.lat !== null && ev.lon !== null) {
    const km = Math.min(Math.max(o.kmByPrecision[ev.precision] ?? 120, o.kmByPrecision.province ?? 120), 800);
    const dLat = km / 111;
    const dLon = km / (111 * Math.max(0.1, Math.cos((ev.lat * Math.PI) / 180)));
    where.push(`(lat IS NULL OR (lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?))`);
    params.push(ev.lat - dLat, ev.lat + dLat, ev.lon - dLon, ev.lon + dLon);
  }
  // Same family, or one whose reports may describe the same strike (a shelling, the killing of civilians in it).
  const families = joinableFamilies(ev.family, opts);
  const fam = `family IN (${families.map(() => '?').join(', ')})`;
  const start = ev.date?.start ?? (ev.notAfter ? addDays(ev.notAfter, -o.undatedWindowDays) : null);
  const end = ev.date?.end ?? ev.notAfter ?? null;
  const rows: { id: number; summary: string | null }[] = [];
  if (start && end) {
    // Two index range scans on (family, date_end): dated incidents near the event's dates, and undated ones.
    rows.push(...await tx.all<{ id: number; summary: string | null }>(
      `SELECT id, summary FROM incidents WHERE ${fam} AND date_end >= ? AND date_end <= ? AND date_start <= ? AND ${where.join(' AND ')}
       ORDER BY date_end DESC LIMIT ${MAX_CANDIDATES}`,
      // date_end is bounded above too (an incident spans at most maxIncidentSpanDays), so the scan stays short.
      [...families, addDays(start, -CANDIDATE_DAYS), addDays(end, CANDIDATE_DAYS + o.maxIncidentSpanDays), addDays(end, CANDIDATE_DAYS), ...params]));
    rows.push(...await tx.all<{ id: number; summary: string | null }>(
      `SELECT id, summary FROM incidents WHERE ${fam} AND date_end IS NULL AND sort_date >= ? AND sort_date <= ? AND ${where.join(' AND ')}
       ORDER BY id DESC LIMIT ${MAX_CANDIDATES}`,
      [...families, addDays(start, -CANDIDATE_DAYS), `${addDays(end, CANDIDATE_DAYS)}\u{10FFFF}`, ...params]));
  } else {
    rows.push(...await tx.all<{ id: number; summary: string | null }>(
      `SELECT id, summary FROM incidents WHERE ${fam} AND ${where.join(' AND ')} ORDER BY sort_date DESC, id DESC LIMIT ${MAX_CANDIDATES}`,
      [...families, ...params]));
  }
  return rows.map((r) => ({ ...parseJson<IncidentSummary>(r.summary, null as never), id: String(r.id) })).filter((x) => x && x.members);
}

const MEMBER_SQL = `SELECT e.id, e.record, e.kind, e.weapons, e.document_id, s.name AS source_name, s.kind AS source_kind,
    d.published, d.captured_at, substr(d.text, 1, ${FINGERPRINT_CHARS}) AS text_head
  FROM events e JOIN documents d ON d.id = e.document_id LEFT JOIN sources s ON s.id = d.source_id
  WHERE e.incident_id = ? AND e.status <> 'rejected' AND e.historical = 0 ORDER BY e.id`;

function mostCommon(values: (string | null | undefined)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  let n = 0;
  for (const [k, c] of counts) if (c > n) [best, n] = [k, c];
  return best;
}

/**
 * Rebuild an incident's summary from its current members (after a join, an edit, a merge or a split)
 * and write its columns; reviewer overrides win over computed values. Events get the incident grade.
 * `summary` may be passed when the caller already has the incremental one.
 */
export async function refreshIncident(tx: SqlConn, incidentId: number, summaryIn?: IncidentSummary): Promise<void> {
  const members = await tx.all<Row>(MEMBER_SQL, [incidentId]);
  const now = nowIso();
  const inc = await tx.get<Row>('SELECT overrides FROM incidents WHERE id = ?', [incidentId]);
  const overrides = parseJson<Record<string, unknown>>(inc?.overrides, {});
  if (members.length === 0) {
    await tx.run(
      `UPDATE incidents SET event_count = 0, document_count = 0, source_count = 0, summary = NULL, updated_at = ? WHERE id = ?`,
      [now, incidentId],
    );
    return;
  }
  const evs = members.map((m) =>
    toClusterEvent(Number(m.id), parseJson<EventRecord>(m.record, {} as EventRecord), {
      sourceName: (m.source_name as string | null) ?? null,
      sourceKind: (m.source_kind as SourceKind | null) ?? null,
      published: (m.published as string | null) ?? null,
      captured: (m.captured_at as string | null) ?? null,
      text: (m.text_head as string | null) ?? null,
    }),
  );
  let summary = summaryIn;
  if (!summary || summary.members.length !== evs.length) {
    summary = newIncident(String(incidentId), evs[0]);
    for (const ev of evs.slice(1)) summary = addToIncident(summary, ev);
  }
  const grade = summarizeIncident(evs);
  const sub = mostCommon(Object.entries(summary.subEventTypes).flatMap(([k, c]) => Array(c).fill(k) as string[]));
  let type: string | null = null;
  try {
    type = sub ? eventTypeOf(sub as AcledSubEventType) : null;
  } catch {
    type = null;
  }
  const weapons = [...new Set(members.flatMap((m) => parseJson<string[]>(m.weapons, [])))];
  const actors = Object.entries(summary.actors).sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const v: Record<string, unknown> = {
    eventType: type, subEventType: sub, kind: mostCommon(members.map((m) => m.kind as string)),
    dateStart: summary.date?.start ?? null, dateEnd: summary.date?.end ?? null,
    locationName: summary.place, admin1: summary.admin1, country: summary.country,
    lat: summary.lat, lon: summary.lon, precision: summary.precision,
    fatalities: grade.fatalities, grade: grade.grade,
  };
  Object.assign(v, overrides);
  const fat = v.fatalities as { low: number; best: number; high: number } | null;
  const notAfter = evs.map((e) => e.notAfter).filter((x): x is string => !!x).sort()[0] ?? '';
  const sortDate = (v.dateStart as string | null) ?? notAfter.slice(0, 10);
  await tx.run(
    `UPDATE incidents SET family = ?, event_type = ?, sub_event_type = ?, kind = ?, date_start = ?, date_end = ?, sort_date = ?,
      location_name = ?, admin1 = ?, country = ?, loc_norm = ?, admin1_norm = ?, country_norm = ?, lat = ?, lon = ?, loc_precision = ?,
      fat_low = ?, fat_best = ?, fat_high = ?, grade = ?, reasons = ?, actors = ?, weapons = ?,
      event_count = ?, document_count = ?, source_count = ?, summary = ?, updated_at = ? WHERE id = ?`,
    [
      summary.family, v.eventType as string | null, v.subEventType as string | null, v.kind as string | null,
      v.dateStart as string | null, v.dateEnd as string | null, sortDate,
      v.locationName as string | null, v.admin1 as string | null, v.country as string | null,
      norm(v.locationName as string | null), norm(v.admin1 as string | null), countryNorm(v.country as string | null),
      v.lat as number | null, v.lon as number | null, v.precision as string | null,
      fat?.low ?? null, fat?.best ?? null, fat?.high ?? null, v.grade as string | null,
      JSON.stringify(grade.reasons), JSON.stringify(actors), JSON.stringify(weapons),
      evs.length, new Set(members.map((m) => Number(m.document_id))).size, grade.independentSources,
      JSON.stringify(summary), now, incidentId,
    ],
  );
  await tx.run('UPDATE events SET grade = ? WHERE incident_id = ?', [v.grade as string | null, incidentId]);
}

export async function createIncident(tx: SqlConn, family: string): Promise<number> {
  const now = nowIso();
  const r = await tx.get<{ id: number }>(
    `INSERT INTO incidents (family, created_at, updated_at) VALUES (?, ?, ?) RETURNING id`,
    [family, now, now],
  );
  return Number(r!.id);
}

/**
 * Put one stored event into an incident: the best candidate when matchIncident accepts one, else a new
 * incident. Returns the incident id and whether it was created.
 */
export async function assignEvent(tx: SqlConn, eventId: number, ev: ClusterEvent, opts: ClusterOptions = {}): Promise<{ incidentId: number; created: boolean; summary: IncidentSummary }> {
  const candidates = await loadCandidates(tx, ev, opts);
  const m = candidates.length ? matchIncident(ev, candidates, opts) : { incidentId: null, score: 0, explanation: ['no candidate incident nearby in time and place'] };
  let incidentId: number;
  let summary: IncidentSummary;
  let created = false;
  if (m.incidentId !== null) {
    incidentId = Number(m.incidentId);
    const cand = candidates.find((c) => c.id === m.incidentId)!;
    summary = addToIncident(cand, ev);
  } else {
    incidentId = await createIncident(tx, ev.family);
    summary = newIncident(String(incidentId), ev);
    created = true;
  }
  await tx.run('UPDATE events SET incident_id = ?, cluster_reasons = ? WHERE id = ?', [incidentId, JSON.stringify(m.explanation), eventId]);
  return { incidentId, created, summary };
}
