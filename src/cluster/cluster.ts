/**
 * Incremental incident clustering. Each event, in arrival order, is compared with the incidents
 * that could hold it (same day window and map cell, from an in-memory index) and joins the best one
 * scoring at least `minScore`, or starts a new incident. Every decision carries its reasons.
 *
 * Two events are compatible (issue #4 item 5) when they have the same family, a compatible place
 * (distance within the larger of the two precisions' radii; or same admin1 / place name when one
 * side has no coordinates), overlapping dates (with a tolerance) and compatible actors.
 */
import type { LocationPrecision } from '../model/toponym.js';
import type { ClusterEvent, ClusterOptions, ClusterResult, EventFamily, IncidentSummary, MatchResult } from './types.js';
import { haversineKm } from '../geo/distance.js';
import families from './families.json' with { type: 'json' };

type Opts = Required<ClusterOptions> & { kmByPrecision: Record<LocationPrecision, number> };

export const DEFAULT_CLUSTER_OPTIONS: Required<ClusterOptions> = {
  // Radii (km) for "same place": a village strike reported as "in Idlib province" (province, 120 km)
  // may join the exact report of it; two exact reports must be within 10 km.
  kmByPrecision: { exact: 10, near: 25, district: 40, province: 120, country: 600, unknown: Infinity },
  dateToleranceDays: 1,
  undatedWindowDays: 3,
  minScore: 0.5,
  requireCompatibleActors: true,
  requireSameAdmin1: true,
  maxSpanGrowthDays: 1,
  maxIncidentSpanDays: 30,
  requireKnownPlace: true,
  joinSameDocument: false,
  compatibleFamilies: families.compatible as [EventFamily, EventFamily][],
  undatedMinScore: 0.6,
};

function resolveOpts(o: ClusterOptions = {}): Opts {
  return {
    ...DEFAULT_CLUSTER_OPTIONS,
    ...o,
    kmByPrecision: { ...DEFAULT_CLUSTER_OPTIONS.kmByPrecision, ...(o.kmByPrecision ?? {}) } as Record<LocationPrecision, number>,
  };
}

const DAY_MS = 86_400_000;
/** YYYY-MM-DD (or ISO timestamp) -> whole days since 1970-01-01; NaN when unparseable. */
const dayCache = new Map<string, number>();
export function dayNumber(s: string | null | undefined): number {
  if (!s) return NaN;
  let n = dayCache.get(s);
  if (n === undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
    n = m ? Math.floor(Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY_MS) : NaN;
    if (dayCache.size > 100_000) dayCache.clear();
    dayCache.set(s, n);
  }
  return n;
}
function dayString(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}


const PRECISION_RANK: Record<LocationPrecision, number> = { exact: 0, near: 1, district: 2, province: 3, country: 4, unknown: 5 };

const foldCache = new Map<string, string>();
/** Comparable form of a place name: "Al-Raqqah Governorate" and "Raqqah" fold alike. Memoized (names repeat). */
function fold(s: string | null | undefined): string {
  if (!s) return '';
  let f = foldCache.get(s);
  if (f === undefined) {
    f = s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/\b(al|el|ad|ar|as|ash|az|an|at)[- ]/g, '')
      .replace(/\b(governorate|province|muhafazat|city|countryside)\b/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, '');
    if (foldCache.size > 100_000) foldCache.clear();
    foldCache.set(s, f);
  }
  return f;
}

/** Date window of an event in day numbers: its stated range, or the undated window before notAfter. */
function eventWindow(ev: ClusterEvent, o: Opts): { lo: number; hi: number; dated: boolean } | null {
  if (ev.date) {
    const lo = dayNumber(ev.date.start);
    const hi = dayNumber(ev.date.end ?? ev.date.start);
    if (Number.isFinite(lo)) return { lo, hi: Number.isFinite(hi) ? Math.max(lo, hi) : lo, dated: true };
  }
  const na = dayNumber(ev.notAfter ?? null);
  if (Number.isFinite(na)) return { lo: na - o.undatedWindowDays, hi: na, dated: false };
  return null;
}

function incidentWindow(inc: IncidentSummary): { lo: number; hi: number } | null {
  if (!inc.date) return null;
  const lo = dayNumber(inc.date.start);
  const hi = dayNumber(inc.date.end);
  return Number.isFinite(lo) && Number.isFinite(hi) ? { lo, hi } : null;
}

/**
 * Score one event against one incident. 0 with a "refused: …" reason when a hard rule fails
 * (family, place, date, admin1, actors); otherwise a weighted score in (0, 1] with the reasons.
 */
export function scorePair(ev: ClusterEvent, inc: IncidentSummary, opts: ClusterOptions = {}): { score: number; reasons: string[] } {
  return scoreWith(ev, inc, resolveOpts(opts), true);
}

const REFUSED = { score: 0, reasons: [] as string[] };

/** The families an event of `family` may join (its own first): what a store loads candidates from. */
export function joinableFamilies(family: EventFamily, opts: ClusterOptions = {}): EventFamily[] {
  const pairs = opts.compatibleFamilies ?? DEFAULT_CLUSTER_OPTIONS.compatibleFamilies;
  const out: EventFamily[] = [family];
  for (const [x, y] of pairs) {
    if (x === family && !out.includes(y)) out.push(y);
    if (y === family && !out.includes(x)) out.push(x);
  }
  return out;
}

function familiesCompatible(a: EventFamily, b: EventFamily, o: Opts): boolean {
  for (const [x, y] of o.compatibleFamilies) if ((x === a && y === b) || (x === b && y === a)) return true;
  return false;
}
function refusal(inc: IncidentSummary, why: string): { score: number; reasons: string[] } {
  return { score: 0, reasons: [`refused ${inc.id}: ${why}`] };
}

/** `explain` false skips building the reason strings (the hot path scores many candidates; only the chosen one is explained). */
function scoreWith(ev: ClusterEvent, inc: IncidentSummary, o: Opts, explain = true): { score: number; reasons: string[] } {
  const reasons: string[] = [];

  const sameFamily = ev.family === inc.family;
  if (!sameFamily && !familiesCompatible(ev.family, inc.family, o))
    return explain ? refusal(inc, `family ${ev.family} ≠ ${inc.family}`) : REFUSED;
  if (!o.joinSameDocument && inc.docs && inc.docs.includes(ev.docId))
    return explain ? refusal(inc, `already holds another event of document ${ev.docId}`) : REFUSED;
  if (explain) reasons.push(sameFamily ? `same family (${ev.family})` : `compatible families (${ev.family} / ${inc.family})`);

  // --- date
  let dateScore: number;
  const ew = eventWindow(ev, o);
  const iw = incidentWindow(inc);
  if (ew && iw) {
    const gap = Math.max(0, ew.lo - iw.hi, iw.lo - ew.hi);
    const tol = ew.dated ? o.dateToleranceDays : 0;
    if (gap > tol) return explain ? refusal(inc, `dates ${dayString(ew.lo)}..${dayString(ew.hi)} and ${inc.date!.start}..${inc.date!.end} are ${gap} days apart (tolerance ${tol})`) : REFUSED;
    const evSpan = ew.hi - ew.lo + 1;
    const core = inc.coreSpanDays ?? iw.hi - iw.lo + 1;
    if (ew.dated && evSpan <= core) {
      const span = Math.max(ew.hi, iw.hi) - Math.min(ew.lo, iw.lo) + 1;
      if (span > core + o.maxSpanGrowthDays)
        return explain ? refusal(inc, `joining would stretch the incident to ${span} days (most precise report ${core} + ${o.maxSpanGrowthDays})`) : REFUSED;
    }
    if (!ew.dated) {
      dateScore = 0.5;
      if (explain) reasons.push(`undated, incident within ${o.undatedWindowDays} days before ${ev.notAfter}`);
    } else if (gap === 0) {
      const exact = ew.lo === ew.hi && iw.lo === iw.hi;
      dateScore = exact ? 1 : 0.85;
      if (explain) reasons.push(exact ? `same day ${inc.date!.start}` : `overlapping dates ${inc.date!.start}..${inc.date!.end}`);
    } else {
      dateScore = 0.6;
      if (explain) reasons.push(`dates ${gap} day(s) apart, within tolerance ${tol}`);
    }
  } else {
    dateScore = 0.3;
    if (explain) reasons.push('no date on one side');
  }

  // --- place
  let placeScore: number;
  const both = ev.lat != null && ev.lon != null && inc.lat != null && inc.lon != null;
  const sameAdmin1 = ev.admin1 && inc.admin1 ? fold(ev.admin1) === fold(inc.admin1) : null;
  const sameCountry = ev.country && inc.country ? ev.country.toUpperCase() === inc.country.toUpperCase() : null;
  if (sameCountry === false) return explain ? refusal(inc, `country ${ev.country} ≠ ${inc.country}`) : REFUSED;
  if (both) {
    const d = haversineKm(ev.lat!, ev.lon!, inc.lat!, inc.lon!);
    const limit = Math.max(o.kmByPrecision[ev.precision] ?? Infinity, o.kmByPrecision[inc.precision] ?? Infinity);
    if (d > limit) return explain ? refusal(inc, `${d.toFixed(1)} km apart, limit ${limit} km for ${ev.precision}/${inc.precision}`) : REFUSED;
    if (o.requireSameAdmin1 && sameAdmin1 === false && d > o.kmByPrecision.exact)
      return explain ? refusal(inc, `admin1 ${ev.admin1} ≠ ${inc.admin1} (${d.toFixed(1)} km apart)`) : REFUSED;
    const fine = PRECISION_RANK[ev.precision] <= 2 && PRECISION_RANK[inc.precision] <= 2;
    placeScore = fine ? 1 - 0.5 * (limit === Infinity ? 0 : d / limit) : 0.55;
    if (explain) reasons.push(`${d.toFixed(1)} km apart (limit ${limit} km, ${ev.precision}/${inc.precision})`);
  } else if (ev.place && inc.place && fold(ev.place) === fold(inc.place)) {
    placeScore = 0.8;
    if (explain) reasons.push(`same place name ${inc.place}`);
  } else if (sameAdmin1 !== null) {
    if (!sameAdmin1 && o.requireSameAdmin1) return explain ? refusal(inc, `admin1 ${ev.admin1} ≠ ${inc.admin1}`) : REFUSED;
    placeScore = sameAdmin1 ? 0.55 : 0.2;
    if (explain) reasons.push(sameAdmin1 ? `same admin1 ${inc.admin1}` : `admin1 differs`);
  } else {
    const evKnown = ev.lat != null || !!ev.admin1 || !!ev.place;
    const incKnown = inc.lat != null || !!inc.admin1 || !!inc.place;
    if (o.requireKnownPlace && (!evKnown || !incKnown)) return explain ? refusal(inc, 'place unknown on one side') : REFUSED;
    placeScore = 0.3;
    if (explain) reasons.push('places not comparable');
  }

  // --- actors
  let actorScore: number;
  let incActorCount = 0;
  for (const _ in inc.actors) incActorCount++;
  if (ev.actors.length && incActorCount) {
    let sharedN = 0;
    for (const a of ev.actors) if (a in inc.actors) sharedN++;
    if (!sharedN) {
      // Both sides fully named and none shared: different dyads, different incidents. One named
      // actor on each side that differ may be competing claims about one event (graded contested).
      if (o.requireCompatibleActors && ev.actors.length >= 2 && incActorCount >= 2)
        return explain ? refusal(inc, `no shared actor (${ev.actors.join(', ')} vs ${Object.keys(inc.actors).join(', ')})`) : REFUSED;
      // A penalty: only a same-day, same-place, same-type report overcomes it.
      actorScore = -1;
      if (explain) reasons.push('no shared actor (possible competing claims)');
    } else {
      const union = incActorCount + ev.actors.length - sharedN;
      actorScore = 0.5 + 0.5 * (sharedN / union);
      if (explain) reasons.push(`shared actors: ${ev.actors.filter((a) => a in inc.actors).join(', ')}`);
    }
  } else {
    actorScore = 0.4;
    if (explain) reasons.push('actors unknown on one side');
  }

  // --- type
  let typeScore = 0.5;
  if (!sameFamily) typeScore = 0;
  else if (ev.subEventType) {
    const n = inc.subEventTypes[ev.subEventType] ?? 0;
    let total = 0;
    for (const k in inc.subEventTypes) total += inc.subEventTypes[k];
    if (n > 0) {
      typeScore = 1;
      if (explain) reasons.push(`same sub-event type (${ev.subEventType})`);
    } else if (total > 0) {
      typeScore = 0.2;
      if (explain) reasons.push(`different sub-event type (${ev.subEventType})`);
    }
  }

  const score = Math.round((0.35 * dateScore + 0.35 * placeScore + 0.2 * actorScore + 0.1 * typeScore) * 1000) / 1000;
  // Without a date on one side, only the place, the actors and the type speak for the join: two strikes on one town
  // on different days must not merge through an undated report, so it needs a higher score.
  if (!(ew && iw) && score < o.undatedMinScore)
    return explain ? refusal(inc, `no date on one side and score ${score} < ${o.undatedMinScore}`) : REFUSED;
  return { score, reasons };
}

/** Best incident for an event among candidates (ties: most recently updated, i.e. latest in the array). */
export function matchIncident(ev: ClusterEvent, candidates: readonly IncidentSummary[], opts: ClusterOptions = {}): MatchResult {
  return matchWith(ev, candidates, resolveOpts(opts));
}

function matchWith(ev: ClusterEvent, candidates: Iterable<IncidentSummary>, o: Opts): MatchResult {
  let best: IncidentSummary | null = null;
  let bestScore = 0;
  let refused: IncidentSummary | null = null;
  for (const inc of candidates) {
    const r = scoreWith(ev, inc, o, false);
    if (r.score === 0) {
      refused ??= inc;
      continue;
    }
    if (!best || r.score >= bestScore) [best, bestScore] = [inc, r.score];
  }
  if (best && bestScore >= o.minScore) {
    const { reasons } = scoreWith(ev, best, o, true);
    return { incidentId: best.id, score: bestScore, explanation: [`joined ${best.id} (score ${bestScore})`, ...reasons] };
  }
  const explanation = ['new incident'];
  if (best) explanation.push(`best candidate ${best.id} scored ${bestScore} < ${o.minScore}: ${scoreWith(ev, best, o, true).reasons.join('; ')}`);
  else if (refused) explanation.push(...scoreWith(ev, refused, o, true).reasons);
  else explanation.push('no candidate incident in the date / place window');
  return { incidentId: null, score: bestScore, explanation };
}

/** A new incident holding one event. */
export function newIncident(id: string, ev: ClusterEvent): IncidentSummary {
  const inc: IncidentSummary = {
    id,
    family: ev.family,
    subEventTypes: {},
    date: null,
    lat: null,
    lon: null,
    precision: 'unknown',
    place: null,
    admin1: null,
    country: null,
    actors: {},
    members: [],
    sources: [],
  };
  return addToIncident(inc, ev);
}

/** Fold one event into an incident summary (mutates and returns it). */
export function addToIncident(inc: IncidentSummary, ev: ClusterEvent): IncidentSummary {
  inc.members.push(ev.id);
  if (!inc.sources.includes(ev.sourceName)) inc.sources.push(ev.sourceName);
  inc.docs ??= [];
  if (!inc.docs.includes(ev.docId)) inc.docs.push(ev.docId);
  if (ev.subEventType) inc.subEventTypes[ev.subEventType] = (inc.subEventTypes[ev.subEventType] ?? 0) + 1;
  for (const a of new Set(ev.actors)) inc.actors[a] = (inc.actors[a] ?? 0) + 1;
  if (ev.date) {
    const s = ev.date.start;
    const e = ev.date.end ?? ev.date.start;
    const span = Math.max(1, dayNumber(e) - dayNumber(s) + 1 || 1);
    const core = inc.coreSpanDays ?? Infinity;
    if (!inc.date || span < core) {
      // More precise than anything so far: it becomes the core.
      inc.date = { start: s, end: e };
      inc.coreSpanDays = span;
    } else if (span === core) {
      if (s < inc.date.start) inc.date.start = s;
      if (e > inc.date.end) inc.date.end = e;
    }
  }
  // Location: keep the most precise; average members at that precision (running mean).
  if (ev.lat != null && ev.lon != null) {
    const r = PRECISION_RANK[ev.precision];
    if (inc.lat == null || r < PRECISION_RANK[inc.precision]) {
      inc.lat = ev.lat;
      inc.lon = ev.lon;
      inc.precision = ev.precision;
      inc.place = ev.place ?? inc.place;
      inc.locationMembers = 1;
    } else if (r === PRECISION_RANK[inc.precision]) {
      const k = (inc.locationMembers ?? 1) + 1;
      inc.lat += (ev.lat - inc.lat) / k;
      inc.lon! += (ev.lon - inc.lon!) / k;
      inc.locationMembers = k;
    }
  } else if (inc.lat == null && ev.place && !inc.place) {
    inc.place = ev.place;
  }
  if (ev.admin1 && !inc.admin1) inc.admin1 = ev.admin1;
  if (ev.country && !inc.country) inc.country = ev.country;
  return inc;
}


/** Grid cell size of the spatial index, in degrees (~55 km at the equator). */
const CELL_DEG = 0.5;

/** Index entry: the incident plus bookkeeping kept off the plain summary. */
interface Entry {
  inc: IncidentSummary;
  /** Arrival number: ties between equal scores go to the most recent incident. */
  order: number;
  /** Last candidate query that returned it (dedupe without a Set). */
  stamp: number;
  lo: number;
  hi: number;
  cell: number | null;
  /** The fine cell it is filed under in `spatial` (any date), and whether it sits in `undatedCoarse`. */
  spatialCell: number | null;
  undatedCoarse: boolean;
}

/**
 * Stateful incremental clusterer with a day x cell index. Memory is O(incidents x days spanned);
 * incidents whose core dates exceed `maxIncidentSpanDays` are indexed on their last days only.
 */
export class Clusterer {
  private readonly o: Opts;
  private readonly byId = new Map<string, Entry>();
  /** Entries in creation order. */
  private readonly order: Entry[] = [];
  /** day -> incidents located finely (cell key -> entries) and coarse / unlocated ones. */
  private readonly byDay = new Map<number, { cells: Map<number, Entry[]>; coarse: Entry[] }>();
  /**
   * Every finely located incident by cell, whatever its date: an undated report of a strike on a town is compared
   * with the incidents at that town (not only the most recent ones), and a dated report with undated incidents there.
   */
  private readonly spatial = new Map<number, Set<Entry>>();
  /** Undated incidents without a fine place, in creation order. */
  private readonly undatedCoarse: Entry[] = [];
  private n = 0;
  private query = 0;
  private readonly idFor: (ev: ClusterEvent, n: number) => string;

  constructor(opts: ClusterOptions = {}, idFor?: (ev: ClusterEvent, n: number) => string) {
    this.o = resolveOpts(opts);
    this.idFor = idFor ?? ((_ev, n) => `inc-${n}`);
  }

  /** Seed with incidents already stored (e.g. loaded from the database for the recent date range). */
  load(incidents: readonly IncidentSummary[]): void {
    for (const inc of incidents) {
      const e: Entry = { inc, order: ++this.n, stamp: 0, lo: NaN, hi: NaN, cell: null, spatialCell: null, undatedCoarse: false };
      this.byId.set(inc.id, e);
      this.order.push(e);
      this.index(e);
    }
  }

  get(id: string): IncidentSummary | undefined {
    return this.byId.get(id)?.inc;
  }

  incidents(): IncidentSummary[] {
    return [...this.byId.values()].map((e) => e.inc);
  }

  /** Candidate incidents for an event, from the index, oldest first (so ties go to the most recent). */
  candidates(ev: ClusterEvent): IncidentSummary[] {
    return this.candidateEntries(ev).map((e) => e.inc);
  }

  private candidateEntries(ev: ClusterEvent): Entry[] {
    const w = eventWindow(ev, this.o);
    const stamp = ++this.query;
    const out: Entry[] = [];
    const take = (list: Iterable<Entry>, undatedOnly = false) => {
      for (const e of list)
        if (e.stamp !== stamp && (!undatedOnly || !e.inc.date)) {
          e.stamp = stamp;
          out.push(e);
        }
    };
    const fine = ev.lat != null && ev.lon != null && PRECISION_RANK[ev.precision] <= 2;
    const ring = fine ? Math.ceil(Math.max(this.o.kmByPrecision.district, this.o.kmByPrecision[ev.precision]) / (111 * CELL_DEG)) : 0;
    const cy = fine ? Math.floor(ev.lat! / CELL_DEG) : 0;
    const cx = fine ? Math.floor(ev.lon! / CELL_DEG) : 0;
    const nearby = (undatedOnly: boolean) => {
      for (let dy = -ring; dy <= ring; dy++)
        for (let dx = -ring; dx <= ring; dx++) {
          const set = this.spatial.get(cellKey(cy + dy, cx + dx));
          if (set) take(set, undatedOnly);
        }
    };
    if (!w) {
      // No date at all: the incidents at its place, whatever their dates, and the most recent ones.
      if (fine) nearby(false);
      take(this.recent(200));
      if (out.length > 1) out.sort((a, b) => a.order - b.order);
      return out;
    }
    // Undated incidents can hold this report too: those at its place, and the latest unlocated ones.
    if (fine) nearby(true);
    take(this.undatedCoarse.slice(Math.max(0, this.undatedCoarse.length - 200)));
    const tol = w.dated ? this.o.dateToleranceDays : 0;
    for (let d = w.lo - tol; d <= w.hi + tol; d++) {
      const b = this.byDay.get(d);
      if (!b) continue;
      take(b.coarse);
      if (!fine) {
        for (const list of b.cells.values()) take(list);
      } else {
        for (let dy = -ring; dy <= ring; dy++)
          for (let dx = -ring; dx <= ring; dx++) {
            const list = b.cells.get(cellKey(cy + dy, cx + dx));
            if (list) take(list);
          }
      }
    }
    if (out.length > 1) out.sort((a, b) => a.order - b.order);
    return out;
  }

  /** The k most recently created incidents (for events with no date and no publication date). */
  private recent(k: number): Entry[] {
    return this.order.slice(Math.max(0, this.order.length - k));
  }

  /** Assign one event: join the best incident or create one. */
  add(ev: ClusterEvent): MatchResult & { incidentId: string; created: boolean } {
    const entries = this.candidateEntries(ev);
    const m = matchWith(ev, entries.map((e) => e.inc), this.o);
    if (m.incidentId) {
      const e = this.byId.get(m.incidentId)!;
      addToIncident(e.inc, ev);
      this.index(e);
      return { ...m, incidentId: e.inc.id, created: false };
    }
    const id = this.idFor(ev, this.n++);
    const e: Entry = { inc: newIncident(id, ev), order: this.n, stamp: 0, lo: NaN, hi: NaN, cell: null, spatialCell: null, undatedCoarse: false };
    this.byId.set(id, e);
    this.order.push(e);
    this.index(e);
    return { ...m, incidentId: id, created: true };
  }

  /** (Re-)index an incident under every day of its (capped) core span and its cell. */
  private index(e: Entry): void {
    const inc = e.inc;
    const w = incidentWindow(inc);
    const fine = inc.lat != null && inc.lon != null && PRECISION_RANK[inc.precision] <= 2;
    const cell = fine ? cellKey(Math.floor(inc.lat! / CELL_DEG), Math.floor(inc.lon! / CELL_DEG)) : null;
    if (e.spatialCell !== cell) {
      if (e.spatialCell !== null) this.spatial.get(e.spatialCell)?.delete(e);
      if (cell !== null) {
        let set = this.spatial.get(cell);
        if (!set) this.spatial.set(cell, (set = new Set()));
        set.add(e);
      }
      e.spatialCell = cell;
    }
    const coarseUndated = !w && cell === null;
    if (coarseUndated !== e.undatedCoarse) {
      if (coarseUndated) this.undatedCoarse.push(e);
      else this.undatedCoarse.splice(this.undatedCoarse.indexOf(e), 1);
      e.undatedCoarse = coarseUndated;
    }
    if (!w) return; // undated incidents are found through `spatial`, `undatedCoarse` and recent()
    const lo = Math.max(w.lo, w.hi - this.o.maxIncidentSpanDays);
    if (e.lo === lo && e.hi === w.hi && e.cell === cell) return;
    if (Number.isFinite(e.lo)) this.unindex(e);
    for (let d = lo; d <= w.hi; d++) {
      let b = this.byDay.get(d);
      if (!b) this.byDay.set(d, (b = { cells: new Map(), coarse: [] }));
      if (cell === null) b.coarse.push(e);
      else {
        const list = b.cells.get(cell);
        if (list) list.push(e);
        else b.cells.set(cell, [e]);
      }
    }
    e.lo = lo;
    e.hi = w.hi;
    e.cell = cell;
  }

  private unindex(e: Entry): void {
    for (let d = e.lo; d <= e.hi; d++) {
      const b = this.byDay.get(d);
      if (!b) continue;
      const list = e.cell === null ? b.coarse : b.cells.get(e.cell);
      if (!list) continue;
      const i = list.indexOf(e);
      if (i >= 0) list.splice(i, 1);
    }
  }
}

function cellKey(cy: number, cx: number): number {
  return (cy + 1000) * 4000 + (cx + 1000);
}

/** Batch clustering in arrival order (the same decisions `Clusterer.add` makes one by one). */
export function clusterEvents(events: Iterable<ClusterEvent>, opts: ClusterOptions = {}): ClusterResult {
  const c = new Clusterer(opts);
  const assignments = new Map<string, string>();
  const explanations = new Map<string, string[]>();
  for (const ev of events) {
    const r = c.add(ev);
    assignments.set(ev.id, r.incidentId);
    explanations.set(ev.id, r.explanation);
  }
  return { assignments, incidents: c.incidents(), explanations };
}
