/**
 * WHERE clauses for event and incident queries. Every user value is a bound parameter; only column
 * names chosen here and fragments from the dialect are SQL text.
 */
import { ACLED_TAXONOMY } from '../../model/event.js';
import { VigilError } from '../../errors/catalogue.js';
import { norm, type Dialect, type Fragment, type SqlValue } from '../dialect.js';
import { GRADES, type EventQuery, type IncidentQuery } from '../types.js';
import { decodeCursor } from './rows.js';

const DATE = /^\d{4}-\d{2}(-\d{2})?$/;

const CANONICAL_TYPES = new Map<string, string>();
for (const [type, subs] of Object.entries(ACLED_TAXONOMY)) {
  CANONICAL_TYPES.set(type.toLowerCase(), type);
  for (const s of subs) CANONICAL_TYPES.set(s.toLowerCase(), s);
}

export class Where {
  readonly parts: string[] = [];
  readonly params: SqlValue[] = [];
  add(sql: string, ...params: SqlValue[]): this {
    this.parts.push(sql);
    this.params.push(...params);
    return this;
  }
  addFragment(f: Fragment | null): this {
    if (f) this.add(f.sql, ...f.params);
    return this;
  }
  sql(): string {
    return this.parts.length ? `WHERE ${this.parts.map((p) => `(${p})`).join(' AND ')}` : '';
  }
}

function checkDate(name: string, v: string | undefined): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (!DATE.test(v)) throw new VigilError('VIGIL_ERR_VALIDATION', `${name} must be YYYY-MM-DD`, { field: name });
  return v;
}

export function checkBbox(b: readonly number[] | undefined): [number, number, number, number] | undefined {
  if (!b) return undefined;
  const ok = b.length === 4 && b.every((x) => Number.isFinite(x)) && b[0] <= b[2] && b[1] <= b[3] &&
    b[0] >= -180 && b[2] <= 180 && b[1] >= -90 && b[3] <= 90;
  if (!ok) throw new VigilError('VIGIL_ERR_VALIDATION', 'bbox must be minLon,minLat,maxLon,maxLat in WGS84', { field: 'bbox' });
  return [b[0], b[1], b[2], b[3]];
}

function list<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function placeFragment(d: Dialect, a: string, place: string): Fragment {
  const p = norm(place.slice(0, 200)) ?? '';
  const f1 = d.prefixMatch(`${a}.loc_norm`, p);
  const f2 = d.prefixMatch(`${a}.admin1_norm`, p);
  return {
    sql: `${f1.sql} OR ${f2.sql} OR ${a}.country_norm = ? OR ${a}.country = ?`,
    params: [...f1.params, ...f2.params, p, place.trim().toUpperCase()],
  };
}

function typeFragment(a: string, type: string): Fragment {
  const t = type.trim();
  const canon = CANONICAL_TYPES.get(t.toLowerCase());
  if (canon) return { sql: `${a}.event_type = ? OR ${a}.sub_event_type = ?`, params: [canon, canon] };
  return { sql: `${a}.kind = ?`, params: [t.toLowerCase()] };
}

/** Filters on the events table `a` (shared by event queries and the event-based incident filters). */
export function eventFilters(d: Dialect, q: EventQuery, w: Where, a = 'e', forIncidents = false): Where {
  const since = checkDate('since', q.since);
  const until = checkDate('until', q.until);
  if (!forIncidents) {
    if (since) w.add(`${a}.sort_date >= ?`, since);
    if (until) w.add(`${a}.sort_date <= ?`, `${until}\u{10FFFF}`);
    const bbox = checkBbox(q.bbox);
    if (bbox) w.addFragment(d.eventBbox(a, bbox));
    if (q.place) w.addFragment(placeFragment(d, a, q.place));
    if (q.type) w.addFragment(typeFragment(a, q.type));
    const grades = list(q.grade);
    if (grades.length) {
      for (const g of grades) if (!GRADES.includes(g)) throw new VigilError('VIGIL_ERR_VALIDATION', `unknown grade ${String(g)}`, { field: 'grade' });
      w.add(`${a}.grade IN (${grades.map(() => '?').join(', ')})`, ...grades);
    }
  }
  if (q.actor) {
    const p = norm(q.actor.slice(0, 200)) ?? '';
    const f = d.prefixMatch('name_norm', p);
    w.add(`${a}.id IN (SELECT event_id FROM event_actors WHERE ${f.sql} OR actor_id = ?)`, ...f.params, q.actor.trim());
  }
  if (q.weapon) {
    const p = norm(q.weapon.slice(0, 200)) ?? '';
    if (p === 'concern') w.add(`${a}.concern = 1`);
    else {
      // "cluster munition" also finds "cluster munitions" and the cluster category.
      const f = d.prefixMatch('name_norm', p.replace(/s$/, ''));
      w.add(`${a}.id IN (SELECT event_id FROM event_weapons WHERE ${f.sql} OR weapon_id = ? OR category = ?)`, ...f.params, q.weapon.trim(), p);
    }
  }
  if (q.text) w.addFragment(d.eventTextMatch(a, q.text.slice(0, 500)));
  if (!forIncidents) {
    const statuses = list(q.status);
    if (statuses.length) w.add(`${a}.status IN (${statuses.map(() => '?').join(', ')})`, ...statuses);
    else if (!q.includeRejected) w.add(`${a}.status <> 'rejected'`);
    if (q.incidentId !== undefined) w.add(`${a}.incident_id = ?`, q.incidentId);
    if (q.documentId !== undefined) w.add(`${a}.document_id = ?`, q.documentId);
    if (!q.includeHistorical) w.add(`${a}.historical = 0`);
  } else {
    w.add(`${a}.status <> 'rejected'`);
    w.add(`${a}.historical = 0`);
  }
  return w;
}

export function incidentFilters(d: Dialect, q: IncidentQuery, w: Where, a = 'i'): Where {
  const since = checkDate('since', q.since);
  const until = checkDate('until', q.until);
  // An incident overlaps [since, until].
  if (since) w.add(`coalesce(${a}.date_end, ${a}.sort_date) >= ?`, since);
  if (until) w.add(`${a}.sort_date <= ?`, `${until}\u{10FFFF}`);
  const bbox = checkBbox(q.bbox);
  if (bbox) w.add(`${a}.lon BETWEEN ? AND ? AND ${a}.lat BETWEEN ? AND ?`, bbox[0], bbox[2], bbox[1], bbox[3]);
  if (q.place) w.addFragment(placeFragment(d, a, q.place));
  if (q.type) w.addFragment(typeFragment(a, q.type));
  const grades = list(q.grade);
  if (grades.length) {
    for (const g of grades) if (!GRADES.includes(g)) throw new VigilError('VIGIL_ERR_VALIDATION', `unknown grade ${String(g)}`, { field: 'grade' });
    w.add(`${a}.grade IN (${grades.map(() => '?').join(', ')})`, ...grades);
  }
  if (q.actor || q.weapon || q.text) {
    const ew = eventFilters(d, { actor: q.actor, weapon: q.weapon, text: q.text }, new Where(), 'e', true);
    w.add(`${a}.id IN (SELECT e.incident_id FROM events e ${ew.sql()} AND e.incident_id IS NOT NULL)`, ...ew.params);
  }
  const statuses = list(q.status);
  if (statuses.length) w.add(`${a}.status IN (${statuses.map(() => '?').join(', ')})`, ...statuses);
  else {
    if (!q.includeMerged) w.add(`${a}.status <> 'merged'`);
    if (!q.includeRejected) w.add(`${a}.status <> 'rejected'`);
  }
  w.add(`${a}.event_count > 0`);
  return w;
}

export function addCursor(w: Where, cursor: string | undefined, a: string): void {
  if (!cursor) return;
  const c = decodeCursor(cursor);
  if (!c) throw new VigilError('VIGIL_ERR_VALIDATION', 'bad cursor', { field: 'cursor' });
  w.add(`${a}.sort_date < ? OR (${a}.sort_date = ? AND ${a}.id < ?)`, c[0], c[0], c[1]);
}

export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return 100;
  if (!Number.isInteger(limit) || limit < 1) throw new VigilError('VIGIL_ERR_VALIDATION', 'limit must be a positive integer', { field: 'limit' });
  return Math.min(limit, 1000);
}
