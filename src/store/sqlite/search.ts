/**
 * Filtered event pages on SQLite through the `events_terms` FTS5 table (migrations 4 and 5): every
 * filter of an EventQuery except incident / document becomes part of one FTS5 MATCH expression, and
 * the date range and keyset cursor become a rowid range, because the rowid is the event's sort key.
 * FTS5 walks the doclists newest first and intersects them itself, so a page costs about the same
 * whatever the filters: no counting, no planner guesses, no row reads except the exact box check.
 * Every token carries the event's year, and a page is read year by year from the newest one the range
 * allows: FTS5 reaches a rowid bound only by decoding every posting before it, so without years a deep
 * page or an old date window would decode the whole history of a common filter.
 *
 * Token scheme (frozen in migrations 4 and 5): y<year, 4 digits; 0000 without a date>, a two-letter
 * prefix, and the hex of the value's UTF-8 bytes:
 *   zt event_type, zu sub_event_type, zk kind, zg grade, zs status, zh historical (0/1), zf concern (0/1),
 *   zl loc_norm, zm admin1_norm, zn country_norm, za actor name_norm, zi actor_id, zw weapon name_norm,
 *   zx weapon_id, zy weapon category, zc<level>x<col>y<row> grid cell, zb a word of the passage.
 * The semantics are those of repositories/filters.ts (the row checks the other backends and the
 * general path use); test/store/search.test.ts compares both on random queries.
 */
import type Database from 'better-sqlite3';
import { ACLED_TAXONOMY } from '../../model/event.js';
import { norm, searchWords } from '../dialect.js';
import { fold } from './fragments.js';
import type { EventQuery } from '../types.js';
import { countryNorm, decodeCursor } from '../repositories/rows.js';

/** Ids at or above this do not fit the sort key (2^31 ids, about two billion events). */
export const SEARCH_MAX_ID = 2 ** 31;
/** Grid sizes of the zc<level> cell tokens, in degrees (levels 0-3). */
const CELL_SIZES = [8, 2, 0.5, 0.125];
/** A box is covered by at most this many cells of the finest level that allows it; larger boxes are only checked row by row. */
const MAX_CELLS = 16;
/** Prefix filters (actor, weapon, place) naming at most this many distinct values are expanded into exact tokens. */
const MAX_PREFIX_TERMS = 64;

const CANONICAL = new Map<string, { col: 'zt' | 'zu'; value: string }>();
for (const [type, subs] of Object.entries(ACLED_TAXONOMY)) {
  CANONICAL.set(type.toLowerCase(), { col: 'zt', value: type });
  for (const s of subs) CANONICAL.set(s.toLowerCase(), { col: 'zu', value: s });
}

const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
/** A token without its year: prefix + hex of the value. */
const tok = (prefix: string, value: string): Term => ({ t: `${prefix}${hex(value)}`, prefix: false });
const anyOf = (xs: string[]) => (xs.length === 1 ? xs[0] : `(${xs.join(' OR ')})`);

/** One token of a query (year added per year searched); `prefix` asks for every token starting with it. */
export interface Term {
  t: string;
  prefix: boolean;
}

/** Words of a passage as searched: folded like vigil_words (case and marks removed), letters and digits. */
export function passageWords(text: string): string[] {
  return [...new Set(fold(text).match(/[\p{L}\p{N}]+/gu) ?? [])];
}

/**
 * SQL function vigil_search_terms(sort_date, body, facets): the event's tokens for events_terms, each
 * prefixed with the year: the facet tokens migration 4's SQL builds (upper-case hex from SQLite's
 * hex()) and one zb token per passage word.
 */
export function vigilSearchTerms(sortDate: unknown, body: unknown, facets: unknown): string {
  const y = typeof sortDate === 'string' && /^\d{4}/.test(sortDate) ? sortDate.slice(0, 4) : '0000';
  const out = new Set<string>();
  if (typeof facets === 'string') for (const f of facets.split(' ')) if (f) out.add(`y${y}${f.toLowerCase()}`);
  if (typeof body === 'string') for (const w of passageWords(body)) out.add(`y${y}zb${hex(w)}`);
  return [...out].join(' ');
}

/** Sort key of a day (YYYY-MM-DD or YYYY-MM; '' is 0) as in migration 4: (y * 416 + m * 32 + d) * 2^31. */
export function dayKey(day: string): number | null {
  if (day === '') return 0;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 0 : Number(m[3])];
  if (mo > 12 || d > 31) return null;
  return (y * 416 + mo * 32 + d) * SEARCH_MAX_ID;
}

/** The sort_date a key was made from (stored sort dates are calendar days or ''). */
export function keyDay(key: number): string {
  const dk = Math.floor(key / SEARCH_MAX_ID);
  if (dk === 0) return '';
  const y = Math.floor(dk / 416);
  const mo = Math.floor((dk % 416) / 32);
  const d = dk % 32;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Which distinct values of an indexed text column start with a prefix (null when there are too many). */
export type PrefixTerms = (what: 'actor' | 'weapon' | 'loc' | 'admin1', prefix: string) => string[] | null;

export interface SearchPlan {
  /** Groups ANDed together; the terms of a group ORed. */
  groups: Term[][];
  /** Terms none of which a match may have. */
  not: Term[];
  /** Sort keys in [lo, hi). */
  lo: number;
  hi: number;
  /** Exact box check on the candidates (the cells only narrow them down). */
  bbox: readonly [number, number, number, number] | null;
}

/** Cells (of the finest level needing at most MAX_CELLS) covering a box, or null when the box is too large. */
export function boxCells(b: readonly [number, number, number, number]): string[] | null {
  for (let level = CELL_SIZES.length - 1; level >= 0; level--) {
    const size = CELL_SIZES[level];
    const [x0, y0] = [Math.floor((b[0] + 180) / size), Math.floor((b[1] + 90) / size)];
    const [x1, y1] = [Math.floor((b[2] + 180) / size), Math.floor((b[3] + 90) / size)];
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS) continue;
    const out: string[] = [];
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push(`zc${level}x${x}y${y}`);
    return out;
  }
  return null;
}

/** The FTS5 MATCH expression of a plan for one year ('0000': events without a date). */
export function matchFor(plan: Pick<SearchPlan, 'groups' | 'not'>, year: string): string {
  const str = (x: Term) => `"y${year}${x.t}"${x.prefix ? ' *' : ''}`;
  const m = plan.groups.map((g) => anyOf(g.map(str))).join(' AND ');
  return plan.not.length ? `(${m}) NOT ${anyOf(plan.not.map(str))}` : m;
}

/**
 * The FTS5 plan for `q`, or null when the query has no filter the index answers (newest first with a
 * date range only: the sort index does that) or one it does not hold (incident, document). `q` must
 * already be validated (eventFilters throws on bad dates, grades, boxes).
 */
export function searchPlan(q: EventQuery, terms: PrefixTerms): SearchPlan | null {
  if (q.incidentId !== undefined || q.documentId !== undefined) return null;
  const groups: Term[][] = [];
  const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const prefixed = (what: Parameters<PrefixTerms>[0], prefix: string, p: string): Term[] => {
    const exact = terms(what, prefix);
    return exact === null ? [{ ...tok(p, prefix), prefix: true }] : exact.map((v) => tok(p, v));
  };

  let bbox: SearchPlan['bbox'] = null;
  if (q.bbox) {
    bbox = [q.bbox[0], q.bbox[1], q.bbox[2], q.bbox[3]];
    const cells = boxCells(bbox);
    if (cells) groups.push(cells.map((t) => ({ t, prefix: false })));
  }
  if (q.place) {
    const p = norm(q.place.slice(0, 200)) ?? '';
    groups.push([...prefixed('loc', p, 'zl'), ...prefixed('admin1', p, 'zm'), tok('zn', countryNorm(q.place.slice(0, 200)) ?? p)]);
  }
  if (q.type) {
    const t = q.type.trim();
    const c = CANONICAL.get(t.toLowerCase());
    groups.push([c ? tok(c.col, c.value) : tok('zk', t.toLowerCase())]);
  }
  const grades = list(q.grade);
  if (grades.length) groups.push(grades.map((g) => tok('zg', g)));
  if (q.actor) {
    const p = norm(q.actor.slice(0, 200)) ?? '';
    groups.push([...prefixed('actor', p, 'za'), tok('zi', q.actor.trim())]);
  }
  if (q.weapon) {
    if (norm(q.weapon) === 'concern') groups.push([{ t: 'zf1', prefix: false }]);
    else {
      const p = norm(q.weapon.slice(0, 200)) ?? '';
      groups.push([...prefixed('weapon', p.replace(/s$/, ''), 'zw'), tok('zx', q.weapon.trim()), tok('zy', p)]);
    }
  }
  if (q.text) {
    // Each search word folded and split as the passages were (a word that folds to nothing matches nothing).
    for (const w of searchWords(q.text.slice(0, 500))) {
      const parts = passageWords(w);
      if (parts.length === 0) groups.push([tok('zb', '\u0000')]);
      for (const x of parts) groups.push([tok('zb', x)]);
    }
  }
  const statuses = list(q.status);
  if (statuses.length) groups.push(statuses.map((st) => tok('zs', st)));
  // Nothing the index narrows down (bare box too large for cells: the sort index with a box check is as good).
  if (groups.length === 0) return null;

  const not: Term[] = [];
  if (!statuses.length && !q.includeRejected) not.push(tok('zs', 'rejected'));
  if (!q.includeHistorical) not.push({ t: 'zh1', prefix: false });

  let lo = 0;
  let hi = Number.MAX_SAFE_INTEGER;
  if (q.since) {
    const k = dayKey(q.since);
    if (k === null) return null;
    lo = k;
  }
  if (q.until) {
    const k = dayKey(q.until);
    if (k === null) return null;
    // A day includes its events; a month (YYYY-MM) all of its days.
    hi = Math.min(hi, k + (q.until.length === 7 ? 32 : 1) * SEARCH_MAX_ID);
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    const k = c ? dayKey(c[0]) : null;
    if (!c || k === null || (c[0] !== '' && c[0].length !== 10) || c[1] < 0 || c[1] >= SEARCH_MAX_ID) return null;
    hi = Math.min(hi, k + c[1]);
  }
  return { groups, not, lo, hi, bbox };
}

/**
 * Runs plans against one better-sqlite3 connection. Prefix filters are expanded into the exact values
 * present (a loose index scan: one index seek per distinct value), because FTS5 answers a prefix query
 * by merging every matching doclist in full before returning the first row.
 */
export class EventSearch {
  private readonly stmts = new Map<string, Database.Statement>();
  constructor(private readonly db: Database.Database) {}

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** True when the schema has the index and every id fits a sort key. */
  private hasTable = false;
  usable(): boolean {
    // Once there, the table stays (migrations only add); until then, look again each time.
    this.hasTable ||= !!this.stmt(`SELECT 1 AS ok FROM sqlite_master WHERE type = 'table' AND name = 'events_terms'`).get();
    if (!this.hasTable) return false;
    const m = this.stmt('SELECT max(id) AS m FROM events').get() as { m: number | null };
    return (m.m ?? 0) < SEARCH_MAX_ID;
  }

  readonly terms: PrefixTerms = (what, prefix) => {
    const [table, col] = {
      actor: ['event_actors', 'name_norm'],
      weapon: ['event_weapons', 'name_norm'],
      loc: ['events', 'loc_norm'],
      admin1: ['events', 'admin1_norm'],
    }[what];
    // Each step seeks the next distinct value in the column's index.
    const rows = this.stmt(
      `WITH RECURSIVE t(v) AS (
         SELECT (SELECT min(${col}) FROM ${table} WHERE ${col} >= ? AND ${col} < ?)
         UNION ALL SELECT (SELECT min(${col}) FROM ${table} WHERE ${col} > t.v AND ${col} < ?) FROM t WHERE t.v IS NOT NULL LIMIT ${MAX_PREFIX_TERMS + 2})
       SELECT v FROM t WHERE v IS NOT NULL`,
    ).all(prefix, `${prefix}\u{10FFFF}`, `${prefix}\u{10FFFF}`) as { v: string }[];
    return rows.length > MAX_PREFIX_TERMS ? null : rows.map((r) => r.v);
  };

  /** Up to `n` matching events, newest first: ids and sort dates. Reads year by year, newest first. */
  page(plan: SearchPlan, n: number): { id: number; sortDate: string }[] {
    const fts = `SELECT rowid AS k FROM events_terms WHERE events_terms MATCH ? AND rowid >= ? AND rowid < ? ORDER BY rowid DESC`;
    const byBox = plan.bbox
      ? this.stmt(`SELECT f.k FROM (${fts}) f WHERE EXISTS (SELECT 1 FROM events e WHERE e.id = f.k % ${SEARCH_MAX_ID}
           AND e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?) LIMIT ?`).pluck()
      : null;
    const plain = this.stmt(`${fts} LIMIT ?`).pluck();
    // The years that hold events in [lo, hi): from the newest to the oldest dated one, then the undated.
    const first = (plan.hi >= Number.MAX_SAFE_INTEGER
      ? this.stmt(`SELECT max(sort_date) FROM events`).pluck().get()
      : this.stmt(`SELECT max(sort_date) FROM events WHERE sort_date < ?`).pluck().get(`${keyDay(plan.hi - 1)}\u{10FFFF}`)) as string | null;
    const last = this.stmt(`SELECT min(sort_date) FROM events WHERE sort_date >= ? AND sort_date <> ''`).pluck().get(keyDay(plan.lo)) as string | null;
    const years: number[] = [];
    if (first && /^\d{4}/.test(first) && last) for (let y = Number(first.slice(0, 4)); y >= Number(last.slice(0, 4)); y--) years.push(y);
    if (plan.lo === 0) years.push(0);
    const keys: number[] = [];
    for (const y of years) {
      const lo = Math.max(plan.lo, y === 0 ? 0 : y * 416 * SEARCH_MAX_ID);
      const hi = Math.min(plan.hi, y === 0 ? 416 * SEARCH_MAX_ID : (y + 1) * 416 * SEARCH_MAX_ID);
      if (lo >= hi) continue;
      const m = matchFor(plan, String(y).padStart(4, '0'));
      const need = n - keys.length;
      const got = (byBox
        ? byBox.all(m, lo, hi, plan.bbox![0], plan.bbox![2], plan.bbox![1], plan.bbox![3], need)
        : plain.all(m, lo, hi, need)) as number[];
      keys.push(...got);
      if (keys.length >= n) break;
    }
    return keys.map((k) => ({ id: k % SEARCH_MAX_ID, sortDate: keyDay(k) }));
  }
}
