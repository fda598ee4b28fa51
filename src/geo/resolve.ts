/**
 * Resolution: picks one gazetteer candidate per recognized name using the document's context
 * (countries and provinces it names, proximity to its other places), feature type and population,
 * and gives a confidence, runner-ups and a precision (exact / near / district / province / country).
 */
import type { PlaceCandidate, Toponym, LocationPrecision } from '../model/toponym.js';
import { RULES, type RawMatch } from './recognize.js';
import type { Hit } from './gazetteer.js';
import type { PlaceRecord } from './gazetteer-file.js';
import { foldKey } from './normalize.js';
import { haversineKm } from './distance.js';

export interface ResolveOptions {
  /** Runner-up candidates kept per toponym. */
  maxAlternatives?: number;
}

/** A populated place this small, abroad, with no other support in the text, is no place in a text about another country. */
const HAMLET_POP = 1000;

/** Preference by feature code when nothing else decides (a city over a same-named province, a country over all). */
const TYPE_BONUS: Record<string, number> = {
  PCLI: 0.7, CONT: 0.6, RGN: 0.45, ADM1: 0.2, ADM2: 0.0, PPLC: 0.45, PPLA: 0.3, PPLA2: 0.15, PPLA3: 0.08, PPLA4: 0.04,
  PPL: 0, PPLX: -0.15, PPLL: -0.1, PPLF: -0.2, PPLQ: -0.4, PPLH: -0.4, PPLW: -0.4, PPLR: -0.1,
};


export function precisionOf(p: PlaceRecord, ctx: LocationPrecision | null): LocationPrecision {
  if (p.fcode === 'PCLI' || p.fcode === 'CONT') return 'country';
  if (p.fcode === 'ADM1') return 'province';
  if (p.fcode === 'RGN') return ctx === 'province' ? 'province' : 'district';
  if (p.fcode === 'ADM2') return 'district';
  // "Raqqa governorate" when the gazetteer knows the province only by another name ("Ar Raqqah"): the province's
  // seat stands for it, but the text speaks of the province.
  if (ctx === 'province' && (p.fcode === 'PPLA' || p.fcode === 'PPLC')) return 'province';
  if (ctx === 'near') return 'near';
  return 'exact';
}

interface Context {
  countries: Map<string, number>;
  /** What each place (pass-1 top candidate, by id) added to `countries`: a place is no context for itself
   *  ("shells on المنصورة, a village west of Raqqa": a town spelled twice must not vote twice for a namesake abroad). */
  ownVotes: Map<string, { cc: string; w: number }>;
  admin1: Set<string>;
  points: { lat: number; lon: number; idx: number }[];
  /** The points grouped by coordinates (a long report names the same towns hundreds of times): n points, first idx. */
  distinct?: { lat: number; lon: number; idx: number; n: number }[];
  /** Distance of a candidate place to each distinct point, by place: every mention of a name scores the same
   *  candidates again ("Saraqib" thirty times in one report), and the distances do not depend on the mention. */
  distances?: Map<PlaceRecord, number[]>;
  /** Whether to keep them: the text has more than FEW_MENTIONS mentions. */
  keepDistances: boolean;
}

/** Up to this many context points, distinctPoints groups them without string keys. */
const FEW_POINTS = 8;
/** String(a) === String(b) for numbers: equal (0 and -0 alike) or both NaN. */
const sameNumber = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

/** Groups context points that share coordinates, so each candidate is compared with every distinct place once. */
function distinctPoints(ctx: Context): NonNullable<Context['distinct']> {
  if (ctx.distinct) return ctx.distinct;
  if (ctx.points.length <= FEW_POINTS) {
    // A few points are compared directly (building "lat,lon" keys costs more): equal keys are equal numbers, or NaN.
    const out: NonNullable<Context['distinct']> = [];
    for (const q of ctx.points) {
      const e = out.find((o) => sameNumber(o.lat, q.lat) && sameNumber(o.lon, q.lon));
      if (e) e.n++;
      else out.push({ lat: q.lat, lon: q.lon, idx: q.idx, n: 1 });
    }
    return (ctx.distinct = out);
  }
  const byKey = new Map<string, { lat: number; lon: number; idx: number; n: number }>();
  for (const q of ctx.points) {
    const k = `${q.lat},${q.lon}`;
    const e = byKey.get(k);
    if (e) e.n++;
    else byKey.set(k, { lat: q.lat, lon: q.lon, idx: q.idx, n: 1 });
  }
  ctx.distinct = [...byKey.values()];
  return ctx.distinct;
}

const ARABIC_WORLD = new Set(RULES.scriptRegions.arabic);
const CYRILLIC_WORLD = new Set(RULES.scriptRegions.cyrillic);
/** Neighbours where Arabic-style names are common too. */
const NEAR_ARABIC = new Set(['TR', 'IR', 'IL', 'AF', 'PK', 'ER', 'ET', 'ML', 'NE', 'NG', 'SN']);

/** GeoNames writes 0 when a population is unknown, as for many Syrian district seats (Dā‘il, Al Manşūrah): a seat of
 *  an administrative area is no hamlet, so it counts as a small town of its rank. */
const SEAT_POP: Record<string, number> = { PPLA: 50_000, PPLA2: 10_000, PPLA3: 3_000, PPLA4: 1_000 };
function knownPop(p: PlaceRecord): number {
  return p.pop > 0 ? p.pop : (SEAT_POP[p.fcode] ?? 0);
}

/** What scoring needs of a place that no mention changes; kept on the record (a property costs less to read than a
 *  WeakMap entry), since every mention of a name scores all its candidates. */
interface PlaceStatics {
  /** Population and feature type part of the base score. */
  prior: number;
  /** Folded own name, and the same without a leading article ("al bab" -> "bab"). */
  fold: string;
  bare: string;
  /** "CC.admin1" as ctx.admin1 holds it. */
  a1key: string;
}
function staticsOf(p: PlaceRecord): PlaceStatics {
  let st = p.statics as PlaceStatics | undefined;
  if (!st) {
    let prior = 0.8 * Math.min(1, Math.log10(knownPop(p) + 1) / 7) + (TYPE_BONUS[p.fcode] ?? 0);
    if (p.fclass === 'P' && p.pop >= 1_000_000) prior += 0.2; // world cities: "London", "Rome" are rarely the small namesakes
    const fold = foldKey(p.name);
    st = { prior, fold, bare: fold.replace(/^(al|el|as|ad|ar|an|at|az|ash) /, ''), a1key: `${p.cc}.${p.a1}` };
    p.statics = st;
  }
  return st;
}

function baseScore(h: Hit, m: RawMatch): number {
  const p = h.place;
  const st = staticsOf(p);
  let s = st.prior;
  // The text spells the place's own name (not one of its alternate names): "Florida" the state, not a suburb once called so.
  if (st.fold === m.key || st.bare === m.key) s += 0.35;
  if (p.fcode === 'AIRB' || p.fcode === 'AIRP') s += m.air ? 1.2 : -0.6;
  if (m.contextPrecision === 'province' && p.fcode === 'ADM1') s += 1.2;
  if (m.contextPrecision === 'district' && p.fcode === 'ADM2') s += 0.9;
  if (m.contextPrecision === 'exact' && p.fclass === 'P') s += 0.2;
  if (m.contextPrecision === 'near' && p.fclass === 'P') s += 0.15;
  if (h.volume > 0) s += 0.3; // the analyst's own gazetteer
  if (m.style === 'arabic' && ARABIC_WORLD.has(p.cc)) s += 0.35;
  if (m.style === 'cyrillic' && CYRILLIC_WORLD.has(p.cc)) s += 0.35;
  return s;
}

/** Up to this many mentions, contextScore measures distances without keeping them (Context.keepDistances). */
const FEW_MENTIONS = 8;

/** haversineKm from place p to each of the distinct points, once per place and document (see Context.distances). */
function distancesOf(ctx: Context, p: PlaceRecord, points: NonNullable<Context['distinct']>): number[] {
  const byPlace = (ctx.distances ??= new Map());
  let d = byPlace.get(p);
  if (!d) {
    d = [];
    for (let j = 0; j < points.length; j++) d.push(haversineKm(p.lat, p.lon, points[j]!.lat, points[j]!.lon));
    byPlace.set(p, d);
  }
  return d;
}

function contextScore(h: Hit, ctx: Context, selfIdx: number): number {
  const p = h.place;
  let s = 0;
  const own = ctx.ownVotes.get(p.id);
  const cw = (ctx.countries.get(p.cc) ?? 0) - (own && own.cc === p.cc ? own.w : 0);
  // Countries, continents and seas are in every document's context: a US "China" or a Tunisian town once called
  // "Africa" must not win on context alone.
  if (p.fcode === 'PCLI' || p.fcode === 'CONT' || p.fcode === 'RGN') s += 0.5;
  else if (cw > 0) s += 0.5 * Math.min(1, cw);
  if (p.a1 && ctx.admin1.has(staticsOf(p).a1key) && p.fcode !== 'ADM1') s += 0.3;
  let near = Infinity;
  // Nearest other point: a group of several points always holds one that is not the mention itself.
  const points = distinctPoints(ctx);
  // A short text names few places, each once or twice: its distances cost less to measure again than to keep.
  const dist = ctx.keepDistances ? distancesOf(ctx, p, points) : null;
  for (let j = 0; j < points.length; j++) {
    const q = points[j]!;
    if (q.n === 1 && q.idx === selfIdx) continue;
    if (q.lat === p.lat && q.lon === p.lon) continue; // the candidate itself, named again
    near = Math.min(near, dist ? dist[j]! : haversineKm(p.lat, p.lon, q.lat, q.lon));
  }
  if (near < 50) s += 0.4;
  else if (near < 200) s += 0.2;
  return s;
}

/** Seat (capital) of an administrative area candidate, kept beside the shared model (see event-location). */
export const SEATS = new WeakMap<PlaceCandidate, { lat: number; lon: number; name: string }>();

function toCandidate(p: PlaceRecord, score: number): PlaceCandidate {
  const c: PlaceCandidate = {
    id: p.id, name: p.name, lat: p.lat, lon: p.lon, country: p.cc, admin1: p.a1name || null, admin2: p.a2name || null,
    featureClass: p.fclass, featureCode: p.fcode, population: p.pop, score: Math.round(score * 1000) / 1000,
  };
  if (p.seat) SEATS.set(c, p.seat);
  return c;
}

function addCountry(ctx: Context, cc: string, w: number, placeId?: string): void {
  if (!cc) return;
  ctx.countries.set(cc, (ctx.countries.get(cc) ?? 0) + w);
  if (placeId) {
    const o = ctx.ownVotes.get(placeId);
    ctx.ownVotes.set(placeId, { cc, w: (o?.w ?? 0) + w });
  }
}

/** A city named like the province it lies in ("Idlib", "Aleppo", "New York") is what a bare mention means.
 *  `areas`: the match's ADM1 / ADM2 hits. */
function capitalOfNamesake(m: RawMatch, areas: Hit[], h: Hit): number {
  return h.place.fclass === 'P' && m.contextPrecision !== 'province' &&
    areas.some((o) => o.place.cc === h.place.cc && o.place.a1 === h.place.a1 && h.place.pop * 20 >= o.place.pop) ? 0.4 : 0;
}

/** "Parkland, Florida": how well a candidate lies inside the place named after the comma. */
function inContainer(h: Hit, c: PlaceRecord | null): number {
  if (!c) return 0;
  if (c.fcode === 'PCLI') return h.place.cc === c.cc ? 0.8 : 0;
  if (c.fcode === 'ADM1') return h.place.cc === c.cc && h.place.a1 === c.a1 ? 1.0 : 0;
  return h.place.cc === c.cc && h.place.a2name === c.a2name ? 1.0 : 0;
}

/** Resolves raw matches in two passes: unambiguous names first build the context, then everything is rescored. */
export function resolveMatches(matches: RawMatch[], opts: ResolveOptions = {}): Toponym[] {
  const maxAlt = opts.maxAlternatives ?? 3;
  const ctx: Context = { countries: new Map(), ownVotes: new Map(), admin1: new Set(), points: [], keepDistances: matches.length > FEW_MENTIONS };
  // Base scores by hit (pass 2 adds to the same numbers).
  const base = matches.map((m) => m.hits.map((h) => baseScore(h, m)));
  // Pass 1: best by base score; confident ones feed the context. Only the best and the runner-up count, so they are
  // picked as a stable sort by descending score would put them (the first of equal scores first), without the sort.
  const firstTop = matches.map((m, idx) => {
    const b = base[idx]!;
    let t = -1;
    let u = -1;
    for (let k = 0; k < b.length; k++) {
      if (t < 0) t = k;
      else if (b[k]! > b[t]!) {
        u = t;
        t = k;
      } else if (u < 0 || b[k]! > b[u]!) u = k;
    }
    if (t < 0) return null;
    const top = m.hits[t]!.place;
    const margin = u >= 0 ? b[t]! - b[u]! : 1;
    const w = m.embedded ? 0.5 : 1;
    if (top.fcode === 'PCLI') addCountry(ctx, top.cc, (m.adjectival ? 0.7 : 1.5) * w);
    else if (margin > 0.3 || b.length === 1) {
      addCountry(ctx, top.cc, (m.match === 'exact' ? 0.5 : 0.2) * w, top.id);
      if (top.fcode === 'ADM1') ctx.admin1.add(`${top.cc}.${top.a1}`);
      if (!m.adjectival && top.fclass !== 'L') ctx.points.push({ lat: top.lat, lon: top.lon, idx });
    }
    return top;
  });
  // "Parkland, Florida" / "Saraqib, Idlib" / "Kherson, Ukraine": the name after the comma contains the one before it.
  const container = matches.map((m, idx) => {
    const nx = matches[idx + 1];
    if (!nx || !m.commaAfter || nx.start - m.end > 3) return null;
    const top = firstTop[idx + 1];
    return top && ['ADM1', 'ADM2', 'PCLI'].includes(top.fcode) ? top : null;
  });
  // Pass 2.
  const pass2 = matches.map((m, idx) => {
    const areas = m.hits.filter((o) => o.place.fcode === 'ADM1' || o.place.fcode === 'ADM2');
    return m.hits
      .map((h, k) => ({ h, s: base[idx]![k]! + contextScore(h, ctx, idx) + capitalOfNamesake(m, areas, h) + inContainer(h, container[idx]) + (m.match === 'skeleton' ? -0.1 : 0) }))
      .sort((a, b) => b.s - a.s);
  });
  // One sense per document: every mention of the same name gets the candidate with the best total evidence
  // ("Parkland, Florida" once, then "Parkland" alone: the Florida one each time).
  const totals = new Map<string, Map<string, number>>();
  matches.forEach((m, idx) => {
    if (m.contextPrecision === 'province' || m.air) return;
    const t = totals.get(m.key) ?? totals.set(m.key, new Map()).get(m.key)!;
    for (const c of pass2[idx]) t.set(c.h.place.id, (t.get(c.h.place.id) ?? 0) + c.s);
  });
  // The document's dominant country, from its confident mentions.
  let dominant = '';
  let domW = 0;
  for (const [cc, w] of ctx.countries) if (w > domW) { domW = w; dominant = cc; }
  const keep = matches.map((m, idx) => {
    const top = pass2[idx][0]?.h.place;
    if (!top) return true;
    // "al-Qardaha" is written the Arabic way: a transliteration guess outside the Arabic-speaking world is noise.
    if (m.style === 'arabic' && m.match === 'skeleton' && !ARABIC_WORLD.has(top.cc) && !NEAR_ARABIC.has(top.cc)) return false;
    // A hamlet spelled like a local place the gazetteer lacks ("Arbin", 779 people in France, in a report on the
    // Damascus suburbs): nothing else in the text is in the hamlet's country, and something is in another one.
    if (top.fclass === 'P' && top.pop < HAMLET_POP && !m.contextPrecision && top.cc) {
      const own = ctx.ownVotes.get(top.id);
      const support = (ctx.countries.get(top.cc) ?? 0) - (own && own.cc === top.cc ? own.w : 0);
      let elsewhere = 0;
      for (const [cc, w] of ctx.countries) if (cc !== top.cc) elsewhere = Math.max(elsewhere, w);
      if (support < 0.5 && elsewhere >= 0.5) return false;
    }
    if (!dominant || domW < 0.5 || top.cc === dominant || !top.cc) return true;
    // A transliteration guess or a hamlet abroad, in a text about another country, is noise ("Hatla" -> India).
    // (Cyrillic and Arabic "skeletons" are inflections, "Харькове" = Kharkiv: not guesses.)
    // A name the text itself introduces as a place ("the town of Sarakib") in a country the document also names
    // is no guess: keep it. ("Hodan district" in a Somali report is not Howden, England.)
    const introduced = !!m.contextPrecision && (ctx.countries.get(top.cc) ?? 0) >= 0.5;
    if (m.match === 'skeleton' && !m.air && m.script === 'latin' && !introduced) return false;
    return true;
  }).map((ok, idx) => {
    const m = matches[idx];
    const top = pass2[idx][0]?.h.place;
    if (!ok || !top || m.match !== 'skeleton' || /[\s-]/.test(m.text) || m.contextPrecision || m.script !== 'latin') return ok;
    // A one-word transliteration guess needs a town of some size, or the document's country around it.
    return top.pop >= 20_000 || (ctx.countries.get(top.cc) ?? 0) >= 0.5 || top.fcode === 'AIRB';
  });
  return matches.map((m, idx) => {
    const scored = pass2[idx];
    const t = totals.get(m.key);
    if (t && t.size > 1 && !(m.contextPrecision === 'province' || m.air)) {
      let bestId = '';
      let bestV = -Infinity;
      for (const [id, v] of t) if (v > bestV) { bestV = v; bestId = id; }
      const j = scored.findIndex((c) => c.h.place.id === bestId);
      if (j > 0) scored.unshift(...scored.splice(j, 1));
    }
    const top = scored[0];
    const second = scored[1];
    const margin = second ? top.s - second.s : 0.6;
    let confidence = Math.max(0.05, Math.min(0.99, 0.45 + margin));
    if (m.match === 'skeleton') confidence *= 0.8;
    if (m.embedded) confidence *= 0.7;
    const seen = new Set<string>([top.h.place.id]);
    const alternatives: PlaceCandidate[] = [];
    for (const c of scored.slice(1)) {
      if (alternatives.length >= maxAlt) break;
      if (seen.has(c.h.place.id)) continue;
      seen.add(c.h.place.id);
      alternatives.push(toCandidate(c.h.place, c.s));
    }
    const out: Toponym = {
      start: m.start, end: m.end, text: m.text, resolved: toCandidate(top.h.place, top.s), alternatives,
      confidence: Math.round(confidence * 100) / 100,
      precision: m.adjectival ? 'country' : precisionOf(top.h.place, m.contextPrecision), rule: m.rule,
    };
    if (m.adjectival) out.adjectival = true;
    return out;
  }).filter((_t, idx) => keep[idx]);
}
