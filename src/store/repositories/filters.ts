/**
 * WHERE clauses for event and incident queries. Every user value is a bound parameter; only column
 * names chosen here and fragments from the dialect are SQL text.
 */
import { ACLED_TAXONOMY } from '../../model/event.js';
import { VigilError } from '../../errors/catalogue.js';
import { norm, searchWords, type Dialect, type Fragment, type SqlValue } from '../dialect.js';
import { GRADES, type EventQuery, type IncidentQuery } from '../types.js';
import { countryNorm, decodeCursor } from './rows.js';

const DATE = /^\d{4}-\d{2}(-\d{2})?$/;

const CANONICAL_TYPES = new Map<string, string>();
for (const [type, subs] of Object.entries(ACLED_TAXONOMY)) {
  CANONICAL_TYPES.set(type.toLowerCase(), type);
  for (const s of subs) CANONICAL_TYPES.set(s.toLowerCase(), s);
}

export class Where {
  readonly parts: (Fragment | null)[] = [];
  add(sql: string, ...params: SqlValue[]): this {
    this.parts.push({ sql, params });
    return this;
  }
  addFragment(f: Fragment | null): this {
    if (f) this.add(f.sql, ...f.params);
    return this;
  }
  /** Drop part `i` (used when a driver replaces the row check it stands for). */
  remove(i: number): void {
    this.parts[i] = null;
  }
  get params(): SqlValue[] {
    return this.parts.flatMap((p) => (p ? p.params : []));
  }
  sql(): string {
    const ps = this.parts.filter((p): p is Fragment => p !== null);
    return ps.length ? `WHERE ${ps.map((p) => `(${p.sql})`).join(' AND ')}` : '';
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

function placeFragment(d: Dialect, a: string, place: string, rowCheck = false): Fragment {
  const p = norm(place.slice(0, 200)) ?? '';
  const col = (c: string) => (rowCheck ? d.noIndex(`${a}.${c}`) : `${a}.${c}`);
  const f1 = d.prefixMatch(col('loc_norm'), p);
  const f2 = d.prefixMatch(col('admin1_norm'), p);
  // Each branch has its own index (SQLite answers the OR with a multi-index union). Country codes
  // ("SY") are matched through their name, as stored in country_norm.
  return {
    sql: `${f1.sql} OR ${f2.sql} OR ${col('country_norm')} = ?`,
    params: [...f1.params, ...f2.params, countryNorm(place.slice(0, 200)) ?? p],
  };
}

function typeFragment(a: string, type: string): Fragment {
  const t = type.trim();
  const canon = CANONICAL_TYPES.get(t.toLowerCase());
  // One column per kind of value, so the (column, sort_date) index serves filter and order at once.
  if (canon && canon in ACLED_TAXONOMY) return { sql: `${a}.event_type = ?`, params: [canon] };
  if (canon) return { sql: `${a}.sub_event_type = ?`, params: [canon] };
  return { sql: `${a}.kind = ?`, params: [t.toLowerCase()] };
}

function nameMatch(d: Dialect, table: 'event_actors' | 'event_weapons', alias: string, value: string): Fragment {
  const p = norm(value.slice(0, 200)) ?? '';
  if (table === 'event_actors') {
    const f = d.prefixMatch(`${alias}.name_norm`, p);
    return { sql: `(${f.sql} OR ${alias}.actor_id = ?)`, params: [...f.params, value.trim()] };
  }
  // "cluster munitions" also finds "cluster munition" and the cluster category.
  const f = d.prefixMatch(`${alias}.name_norm`, p.replace(/s$/, ''));
  return { sql: `(${f.sql} OR ${alias}.weapon_id = ? OR ${alias}.category = ?)`, params: [...f.params, value.trim(), p] };
}

/**
 * Event filters. Every filter is added to `w` as a row check on alias `a`. Filters that can also be
 * answered from an index on their own (bbox, text, place, actor, weapon) are returned as `drivers`:
 * queries yielding matching event ids, from which SQLite starts when one of them is selective.
 * With `useDrivers`, driver-capable filters become `a.id IN (driver)` instead of row checks
 * (for sub-queries that need every match anyway).
 */
export interface Driver extends Fragment {
  /** Index in `where.parts` of the row check this driver can replace (none for the approximate bbox). */
  replaces?: number;
  /** What the driver stands for, so the planner can estimate its size without counting (FTS5 vocabulary, samples). */
  kind?: 'bbox' | 'text' | 'place' | 'actor' | 'weapon';
  /** For text: the search words (all must occur). */
  words?: string[];
  /** For bbox: the box. */
  bbox?: readonly [number, number, number, number];
}
export interface EventFilterResult {
  where: Where;
  drivers: Driver[];
}

export function eventFilters(d: Dialect, q: EventQuery, w: Where, a = 'e', forIncidents = false, useDrivers = false): EventFilterResult {
  const drivers: Driver[] = [];
  const driven = (check: Fragment | null, driver: Fragment | null, kind: Driver['kind'], extra: Partial<Driver> = {}) => {
    if (!check) return;
    if (useDrivers && driver) w.add(`${a}.id IN (${driver.sql})`, ...driver.params);
    else {
      w.addFragment(check);
      if (driver) drivers.push({ ...driver, replaces: w.parts.length - 1, kind, ...extra });
    }
  };
  const since = checkDate('since', q.since);
  const until = checkDate('until', q.until);
  if (!forIncidents) {
    // An undated event is never in a date window unless asked: its sort date is only a publication/capture bound.
    if ((since || until) && !q.includeUndated) w.add(`${a}.date_start IS NOT NULL`);
    if (since) w.add(`${a}.sort_date >= ?`, since);
    if (until) w.add(`${a}.sort_date <= ?`, `${until}\u{10FFFF}`);
    const bbox = checkBbox(q.bbox);
    if (bbox) {
      const drv = d.eventBboxDriver(bbox);
      w.addFragment(d.eventBbox(a, bbox)); // the exact check stays (the R*Tree is approximate)
      if (drv) drivers.push({ ...drv, kind: 'bbox', bbox });
    }
    if (q.place) {
      const f = placeFragment(d, 'p', q.place);
      driven(placeFragment(d, a, q.place, true), { sql: `SELECT p.id FROM events p WHERE ${f.sql}`, params: f.params }, 'place');
    }
    if (q.type) w.addFragment(typeFragment(a, q.type));
    const grades = list(q.grade);
    if (grades.length) {
      for (const g of grades) if (!GRADES.includes(g)) throw new VigilError('VIGIL_ERR_VALIDATION', `unknown grade ${String(g)}`, { field: 'grade' });
      w.add(`${a}.grade IN (${grades.map(() => '?').join(', ')})`, ...grades);
    }
  }
  for (const [value, table] of [[q.actor, 'event_actors'], [q.weapon, 'event_weapons']] as const) {
    if (!value) continue;
    if (table === 'event_weapons' && norm(value) === 'concern') {
      w.add(`${a}.concern = 1`);
      continue;
    }
    const f = nameMatch(d, table, 'x', value);
    driven(
      { sql: `EXISTS (SELECT 1 FROM ${table} x WHERE x.event_id = ${a}.id AND ${f.sql})`, params: f.params },
      { sql: `SELECT x.event_id AS id FROM ${table} x WHERE ${f.sql}`, params: f.params },
      table === 'event_actors' ? 'actor' : 'weapon',
    );
  }
  if (q.text) {
    const t = q.text.slice(0, 500);
    driven(d.eventTextMatch(a, t), d.eventTextDriver(t), 'text', { words: searchWords(t) });
  }
  if (!forIncidents) {
    const statuses = list(q.status);
    if (statuses.length) w.add(`${a}.status IN (${statuses.map(() => '?').join(', ')})`, ...statuses);
    else if (!q.includeRejected) w.add(`${a}.status <> 'rejected'`);
    if (q.incidentId !== undefined) w.add(`${a}.incident_id = ?`, q.incidentId);
    if (q.documentId !== undefined) w.add(`${a}.document_id = ?`, q.documentId);
    if (!q.includeHistorical) w.add(`${a}.historical = 0`);
    if (q.dated !== undefined) w.add(q.dated ? `${a}.date_start IS NOT NULL` : `${a}.date_start IS NULL`);
  } else {
    w.add(`${a}.status <> 'rejected'`);
    w.add(`${a}.historical = 0`);
  }
  return { where: w, drivers };
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
    const ew = eventFilters(d, { actor: q.actor, weapon: q.weapon, text: q.text }, new Where(), 'e', true, d.name === 'sqlite').where;
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
  // Written so that the sort_date bound is a plain range on the (sort_date, id) index: with the OR
  // alone, SQLite scanned from the newest entry down to the cursor (300 ms on a deep page at 1M events).
  w.add(`${a}.sort_date <= ? AND (${a}.sort_date < ? OR ${a}.id < ?)`, c[0], c[0], c[1]);
}

export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return 100;
  if (!Number.isInteger(limit) || limit < 1) throw new VigilError('VIGIL_ERR_VALIDATION', 'limit must be a positive integer', { field: 'limit' });
  return Math.min(limit, 1000);
}
