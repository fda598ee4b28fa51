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
import type { ClusterEvent, ClusterOptions, ClusterResult, IncidentSummary, MatchResult } from './types.js';

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
export function dayNumber(s: string | null | undefined): number {
  if (!s) return NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return NaN;
  return Math.floor(Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY_MS);
}
function dayString(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Great-circle distance in km. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 12_742 * Math.asin(Math.min(1, Math.sqrt(a)));
}

const PRECISION_RANK: Record<LocationPrecision, number> = { exact: 0, near: 1, district: 2, province: 3, country: 4, unknown: 5 };

function fold(s: string | null | undefined): string {
  return (s ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b(al|el|ad|ar|as|ash|az|an|at)[- ]/g, '')
    .replace(/\b(governorate|province|muhafazat|city|countryside)\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
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
  return scoreWith(ev, inc, resolveOpts(opts));
}

function scoreWith(ev: ClusterEvent, inc: IncidentSummary, o: Opts): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  const refuse = (why: string) => ({ score: 0, reasons: [`refused ${inc.id}: ${why}`] });

  if (ev.family !== inc.family) return refuse(`family ${ev.family} ≠ ${inc.family}`);
  reasons.push(`same family (${ev.family})`);

  // --- date
  let dateScore: number;
  const ew = eventWindow(ev, o);
  const iw = incidentWindow(inc);
  if (ew && iw) {
    const gap = Math.max(0, ew.lo - iw.hi, iw.lo - ew.hi);
    const tol = ew.dated ? o.dateToleranceDays : 0;
    if (gap > tol) return refuse(`dates ${dayString(ew.lo)}..${dayString(ew.hi)} and ${inc.date!.start}..${inc.date!.end} are ${gap} days apart (tolerance ${tol})`);
    const evSpan = ew.hi - ew.lo + 1;
    const core = inc.coreSpanDays ?? iw.hi - iw.lo + 1;
    if (ew.dated && evSpan <= core) {
      const span = Math.max(ew.hi, iw.hi) - Math.min(ew.lo, iw.lo) + 1;
      if (span > core + o.maxSpanGrowthDays)
        return refuse(`joining would stretch the incident to ${span} days (most precise report ${core} + ${o.maxSpanGrowthDays})`);
    }
    if (!ew.dated) {
      dateScore = 0.5;
      reasons.push(`undated, incident within ${o.undatedWindowDays} days before ${ev.notAfter}`);
    } else if (gap === 0) {
      const exact = ew.lo === ew.hi && iw.lo === iw.hi;
      dateScore = exact ? 1 : 0.85;
      reasons.push(exact ? `same day ${inc.date!.start}` : `overlapping dates ${inc.date!.start}..${inc.date!.end}`);
    } else {
      dateScore = 0.6;
      reasons.push(`dates ${gap} day(s) apart, within tolerance ${tol}`);
    }
  } else {
    dateScore = 0.3;
    reasons.push('no date on one side');
  }

  // --- place
  let placeScore: number;
  const both = ev.lat != null && ev.lon != null && inc.lat != null && inc.lon != null;
  const sameAdmin1 = ev.admin1 && inc.admin1 ? fold(ev.admin1) === fold(inc.admin1) : null;
  const sameCountry = ev.country && inc.country ? ev.country.toUpperCase() === inc.country.toUpperCase() : null;
  if (sameCountry === false) return refuse(`country ${ev.country} ≠ ${inc.country}`);
  if (both) {
    const d = haversineKm(ev.lat!, ev.lon!, inc.lat!, inc.lon!);
    const limit = Math.max(o.kmByPrecision[ev.precision] ?? Infinity, o.kmByPrecision[inc.precision] ?? Infinity);
    if (d > limit) return refuse(`${d.toFixed(1)} km apart, limit ${limit} km for ${ev.precision}/${inc.precision}`);
    if (o.requireSameAdmin1 && sameAdmin1 === false && d > o.kmByPrecision.exact)
      return refuse(`admin1 ${ev.admin1} ≠ ${inc.admin1} (${d.toFixed(1)} km apart)`);
    const fine = PRECISION_RANK[ev.precision] <= 2 && PRECISION_RANK[inc.precision] <= 2;
    placeScore = fine ? 1 - 0.5 * (limit === Infinity ? 0 : d / limit) : 0.55;
    reasons.push(`${d.toFixed(1)} km apart (limit ${limit} km, ${ev.precision}/${inc.precision})`);
  } else if (ev.place && inc.place && fold(ev.place) === fold(inc.place)) {
    placeScore = 0.8;
    reasons.push(`same place name ${inc.place}`);
  } else if (sameAdmin1 !== null) {
    if (!sameAdmin1 && o.requireSameAdmin1) return refuse(`admin1 ${ev.admin1} ≠ ${inc.admin1}`);
    placeScore = sameAdmin1 ? 0.55 : 0.2;
    reasons.push(sameAdmin1 ? `same admin1 ${inc.admin1}` : `admin1 differs`);
  } else {
    const evKnown = ev.lat != null || !!ev.admin1 || !!ev.place;
    const incKnown = inc.lat != null || !!inc.admin1 || !!inc.place;
    if (o.requireKnownPlace && (!evKnown || !incKnown)) return refuse('place unknown on one side');
    placeScore = 0.3;
    reasons.push('places not comparable');
  }

  // --- actors
  let actorScore: number;
  const incActors = Object.keys(inc.actors);
  if (ev.actors.length && incActors.length) {
    const shared = ev.actors.filter((a) => a in inc.actors);
    if (!shared.length) {
      if (o.requireCompatibleActors) return refuse(`no shared actor (${ev.actors.join(', ')} vs ${incActors.join(', ')})`);
      actorScore = 0.1;
      reasons.push('no shared actor');
    } else {
      const union = new Set([...ev.actors, ...incActors]).size;
      actorScore = 0.5 + 0.5 * (shared.length / union);
      reasons.push(`shared actors: ${shared.join(', ')}`);
    }
  } else {
    actorScore = 0.4;
    reasons.push('actors unknown on one side');
  }

  // --- type
  let typeScore = 0.5;
  if (ev.subEventType) {
    const n = inc.subEventTypes[ev.subEventType] ?? 0;
    const total = Object.values(inc.subEventTypes).reduce((a, b) => a + b, 0);
    if (n > 0) {
      typeScore = 1;
      reasons.push(`same sub-event type (${ev.subEventType})`);
    } else if (total > 0) {
      typeScore = 0.2;
      reasons.push(`different sub-event type (${ev.subEventType})`);
    }
  }

  const score = 0.35 * dateScore + 0.35 * placeScore + 0.2 * actorScore + 0.1 * typeScore;
  return { score: Math.round(score * 1000) / 1000, reasons };
}

/** Best incident for an event among candidates (ties: most recently updated, i.e. latest in the array). */
export function matchIncident(ev: ClusterEvent, candidates: readonly IncidentSummary[], opts: ClusterOptions = {}): MatchResult {
  return matchWith(ev, candidates, resolveOpts(opts));
}

function matchWith(ev: ClusterEvent, candidates: Iterable<IncidentSummary>, o: Opts): MatchResult {
  let best: { inc: IncidentSummary; score: number; reasons: string[] } | null = null;
  let bestRefusal: string[] | null = null;
  for (const inc of candidates) {
    const r = scoreWith(ev, inc, o);
    if (r.score === 0) {
      bestRefusal ??= r.reasons;
      continue;
    }
    if (!best || r.score >= best.score) best = { inc, ...r };
  }
  if (best && best.score >= o.minScore) {
    return { incidentId: best.inc.id, score: best.score, explanation: [`joined ${best.inc.id} (score ${best.score})`, ...best.reasons] };
  }
  const explanation = ['new incident'];
  if (best) explanation.push(`best candidate ${best.inc.id} scored ${best.score} < ${o.minScore}: ${best.reasons.join('; ')}`);
  else if (bestRefusal) explanation.push(...bestRefusal);
  else explanation.push('no candidate incident in the date / place window');
  return { incidentId: null, score: best?.score ?? 0, explanation };
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
      locCount.set(inc, 1);
    } else if (r === PRECISION_RANK[inc.precision]) {
      const k = (locCount.get(inc) ?? 1) + 1;
      inc.lat += (ev.lat - inc.lat) / k;
      inc.lon! += (ev.lon - inc.lon!) / k;
      locCount.set(inc, k);
    }
  } else if (inc.lat == null && ev.place && !inc.place) {
    inc.place = ev.place;
  }
  if (ev.admin1 && !inc.admin1) inc.admin1 = ev.admin1;
  if (ev.country && !inc.country) inc.country = ev.country;
  return inc;
}
/** Members averaged into an incident's location (kept off the summary so it stays plain data). */
const locCount = new WeakMap<IncidentSummary, number>();

/** Grid cell size of the spatial index, in degrees (~55 km at the equator). */
const CELL_DEG = 0.5;

/**
 * Stateful incremental clusterer with a day x cell index. Memory is O(incidents x days spanned);
 * incidents whose date span exceeds `maxIncidentSpanDays` are indexed on their last days only.
 */
export class Clusterer {
  private readonly o: Opts;
  private readonly byId = new Map<string, IncidentSummary>();
  /** day -> incidents located finely (cell key -> incidents) and coarse / unlocated ones. */
  private readonly byDay = new Map<number, { cells: Map<number, IncidentSummary[]>; coarse: IncidentSummary[] }>();
  /** Incidents with no date at all (only found by undated events with no bound). */
  private readonly undated: IncidentSummary[] = [];
  private readonly indexed = new Map<string, { lo: number; hi: number; cell: number | null }>();
  private n = 0;
  /** Arrival number of each incident: ties between equal scores go to the most recent incident. */
  private readonly order = new WeakMap<IncidentSummary, number>();
  private readonly idFor: (ev: ClusterEvent, n: number) => string;

  constructor(opts: ClusterOptions = {}, idFor?: (ev: ClusterEvent, n: number) => string) {
    this.o = resolveOpts(opts);
    this.idFor = idFor ?? ((_ev, n) => `inc-${n}`);
  }

  /** Seed with incidents already stored (e.g. loaded from the database for the recent date range). */
  load(incidents: readonly IncidentSummary[]): void {
    for (const inc of incidents) {
      this.byId.set(inc.id, inc);
      this.index(inc);
      this.order.set(inc, ++this.n);
    }
  }

  get(id: string): IncidentSummary | undefined {
    return this.byId.get(id);
  }

  incidents(): IncidentSummary[] {
    return [...this.byId.values()];
  }

  /** Candidate incidents for an event, from the index. */
  candidates(ev: ClusterEvent): IncidentSummary[] {
    const w = eventWindow(ev, this.o);
    if (!w) return this.recent(200);
    const tol = w.dated ? this.o.dateToleranceDays : 0;
    const seen = new Set<IncidentSummary>();
    const fine = ev.lat != null && ev.lon != null && PRECISION_RANK[ev.precision] <= 2;
    const ring = fine ? Math.ceil(Math.max(this.o.kmByPrecision.district, this.o.kmByPrecision[ev.precision]) / (111 * CELL_DEG)) : 0;
    const c0 = fine ? cellOf(ev.lat!, ev.lon!) : null;
    for (let d = w.lo - tol; d <= w.hi + tol; d++) {
      const b = this.byDay.get(d);
      if (!b) continue;
      for (const inc of b.coarse) seen.add(inc);
      if (c0 === null) {
        for (const list of b.cells.values()) for (const inc of list) seen.add(inc);
      } else {
        const [cy, cx] = c0;
        for (let dy = -ring; dy <= ring; dy++)
          for (let dx = -ring; dx <= ring; dx++) {
            const list = b.cells.get(cellKey(cy + dy, cx + dx));
            if (list) for (const inc of list) seen.add(inc);
          }
      }
    }
    // Arrival order: later incidents last so ties go to the most recent.
    return [...seen].sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
  }

  private recent(k: number): IncidentSummary[] {
    const all = [...this.byId.values()];
    return all.slice(Math.max(0, all.length - k));
  }

  /** Assign one event: join the best incident or create one. */
  add(ev: ClusterEvent): MatchResult & { incidentId: string; created: boolean } {
    const m = matchWith(ev, this.candidates(ev), this.o);
    if (m.incidentId) {
      const inc = this.byId.get(m.incidentId)!;
      addToIncident(inc, ev);
      this.index(inc);
      return { ...m, incidentId: inc.id, created: false };
    }
    const id = this.idFor(ev, this.n++);
    const inc = newIncident(id, ev);
    this.order.set(inc, this.n);
    this.byId.set(id, inc);
    this.index(inc);
    return { ...m, incidentId: id, created: true };
  }

  /** (Re-)index an incident under every day of its (capped) span and its cell. */
  private index(inc: IncidentSummary): void {
    const w = incidentWindow(inc);
    const prev = this.indexed.get(inc.id);
    const fine = inc.lat != null && inc.lon != null && PRECISION_RANK[inc.precision] <= 2;
    const cell = fine ? cellKey(...cellOf(inc.lat!, inc.lon!)) : null;
    if (!w) {
      if (!prev) {
        this.undated.push(inc);
        this.indexed.set(inc.id, { lo: NaN, hi: NaN, cell });
      }
      return;
    }
    const lo = Math.max(w.lo, w.hi - this.o.maxIncidentSpanDays);
    if (prev && prev.lo === lo && prev.hi === w.hi && prev.cell === cell) return;
    if (prev && Number.isFinite(prev.lo)) this.unindex(inc, prev);
    for (let d = lo; d <= w.hi; d++) {
      let b = this.byDay.get(d);
      if (!b) this.byDay.set(d, (b = { cells: new Map(), coarse: [] }));
      if (cell === null) b.coarse.push(inc);
      else {
        const list = b.cells.get(cell);
        if (list) list.push(inc);
        else b.cells.set(cell, [inc]);
      }
    }
    this.indexed.set(inc.id, { lo, hi: w.hi, cell });
  }

  private unindex(inc: IncidentSummary, prev: { lo: number; hi: number; cell: number | null }): void {
    for (let d = prev.lo; d <= prev.hi; d++) {
      const b = this.byDay.get(d);
      if (!b) continue;
      const list = prev.cell === null ? b.coarse : b.cells.get(prev.cell);
      if (!list) continue;
      const i = list.indexOf(inc);
      if (i >= 0) list.splice(i, 1);
    }
  }
}

function cellOf(lat: number, lon: number): [number, number] {
  return [Math.floor(lat / CELL_DEG), Math.floor(lon / CELL_DEG)];
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
