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
import { DATA_DIR } from './gazetteer.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ResolveOptions {
  /** Runner-up candidates kept per toponym. */
  maxAlternatives?: number;
  /** Record why each winner won (EXPLANATIONS): `vigil places`, `vigil gazetteer lookup`. */
  explain?: boolean;
}

/** Why a toponym resolved as it did: the parts of the winner's score and the best candidates with their scores. */
export const EXPLANATIONS = new WeakMap<Toponym, { why: string[]; candidates: PlaceCandidate[] }>();
/** Explanations for every resolution in this process (the `vigil places` command turns it on; off in extraction). */
let explainAll = false;
export function explainResolutions(on: boolean): void {
  explainAll = on;
}
const r3 = (x: number): string => (Math.round(x * 1000) / 1000).toString();

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
  if (h.user) s += 0.3; // the analyst's own gazetteer
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

/** Province names as coders write them (data/gazetteer/sources/admin1-names.tsv), by "CC.code"; read on first use. */
let admin1Names: Map<string, string> | null = null;
function admin1Name(p: PlaceRecord): string {
  if (!admin1Names) {
    admin1Names = new Map();
    const file = join(DATA_DIR, 'sources', 'admin1-names.tsv');
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line || line.startsWith('#')) continue;
        const [cc, code, name] = line.split('\t');
        if (cc && code && name) admin1Names.set(`${cc}.${code}`, name);
      }
    }
  }
  return (p.a1 && admin1Names.get(`${p.cc}.${p.a1}`)) || p.a1name;
}

/** Seat (capital) of an administrative area candidate, kept beside the shared model (see event-location). */
export const SEATS = new WeakMap<PlaceCandidate, { lat: number; lon: number; name: string }>();

function toCandidate(p: PlaceRecord, score: number): PlaceCandidate {
  const c: PlaceCandidate = {
    id: p.id, name: p.name, lat: p.lat, lon: p.lon, country: p.cc, admin1: admin1Name(p) || null, admin2: p.a2name || null,
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

/**
 * The words between a name and the next that make the next one its qualifier: "Osokorivka, Kherson",
 * "Tieba (Bankass, Mopti)", "Cuauhtemoc municipality, Chihuahua", "Nadas in rural Ras al Ain", "X district of Y".
 * Data: rules.json qualifierGaps (regex sources, case-insensitive).
 */
const QUALIFIER_GAPS = RULES.qualifierGaps.map((g) => new RegExp(g, 'i'));
const isQualifierGap = (gap: string | undefined): boolean => !!gap && QUALIFIER_GAPS.some((re) => re.test(gap));

/** Feature codes that name an area holding places (a qualifier can be one of these or a town). */
const AREA_CODES = new Set(['PCLI', 'ADM1', 'ADM2', 'ADM3', 'ADM4', 'ADMD']);

/**
 * How well place h lies inside qualifier c: same province for a province, same district (or within 35 km of its
 * centre) for a district, within 50 km of a town named as qualifier (ACLED writes the district by its seat town:
 * "Bar-Sanguun village (Kismaayo, Lower Juba)"). 0 when not inside.
 */
export function containedIn(h: PlaceRecord, c: PlaceRecord): number {
  if (h.id === c.id || (h.lat === c.lat && h.lon === c.lon)) return 0;
  if (!h.cc || h.cc !== c.cc) return 0;
  if (c.fcode === 'PCLI') return 0.6;
  if (c.fcode === 'ADM1') return h.a1 === c.a1 ? 1 : 0;
  if (h.fcode === 'ADM1') return 0;
  if (AREA_CODES.has(c.fcode)) {
    if (c.a1 && h.a1 && c.a1 !== h.a1) return 0;
    if (c.fcode === 'ADM2' && h.a2name && foldKey(h.a2name) === foldKey(c.a2name || c.name)) return 1;
    return haversineKm(h.lat, h.lon, c.lat, c.lon) < (c.fcode === 'ADM2' ? 35 : 20) ? 1 : 0;
  }
  if (c.fclass === 'P' && h.fclass !== 'A') return haversineKm(h.lat, h.lon, c.lat, c.lon) < 50 ? 0.6 : 0;
  return 0;
}

/** Names this strong are listed, not qualified: "Aleppo, Idlib and Hama" is three provinces. */
const LISTED_CODES = new Set(['PCLI', 'ADM1', 'PPLC', 'PPLA']);

/** What a qualifier settles: bonuses for the qualified name's candidates and for the qualifier's own candidates. */
interface Qualified {
  /** Per match: bonus per hit index (containment by the qualifier that follows it). */
  inner: Map<number, number>[];
  /** Per match: bonus per hit index for being the area that holds the name before it. */
  outer: Map<number, number>[];
  /** Per match: the index of the match that qualifies it (for explanations). */
  by: number[];
}

/** Containment weight: a named province or district outweighs population and the capital's type bonus. */
const QUALIFIER_WEIGHT = 1.5;

function qualify(matches: RawMatch[], base: number[][]): Qualified {
  const n = matches.length;
  const q: Qualified = { inner: matches.map(() => new Map()), outer: matches.map(() => new Map()), by: matches.map(() => -1) };
  // The hits of each match that are consistent with its own qualifier (right to left: "Tieba (Bankass, Mopti)"
  // keeps the Bankass in Mopti before Tieba is placed inside it).
  const consistent: number[][] = matches.map((m) => m.hits.map((_h, k) => k));
  for (let i = n - 2; i >= 0; i--) {
    const m = matches[i]!;
    const c = matches[i + 1]!;
    if (m.adjectival || c.adjectival || !isQualifierGap(m.gapAfter)) continue;
    const b = base[i]!;
    let top = 0;
    for (let k = 1; k < b.length; k++) if (b[k]! > b[top]!) top = k;
    const inner = new Map<number, number>();
    const outer = new Map<number, number>();
    for (let k = 0; k < m.hits.length; k++) {
      let best = 0;
      for (const j of consistent[i + 1]!) {
        const w = containedIn(m.hits[k]!.place, c.hits[j]!.place);
        if (w > 0) {
          best = Math.max(best, w);
          outer.set(j, Math.max(outer.get(j) ?? 0, w));
        }
      }
      if (best > 0) inner.set(k, best);
    }
    if (inner.size === 0) continue;
    // "Kherson, Mykolaiv": a major place first, not inside the next one, is a list.
    const t = m.hits[top]?.place;
    // ("Santarem, Para" is no list: the Brazilian Santarém inside Pará is a city of its own size.)
    let innerPop = 0;
    for (const k of inner.keys()) innerPop = Math.max(innerPop, m.hits[k]!.place.pop);
    if (t && LISTED_CODES.has(t.fcode) && !inner.has(top) && t.pop >= 100_000 && innerPop * 5 < t.pop) continue;
    for (const [k, w] of inner) q.inner[i]!.set(k, QUALIFIER_WEIGHT * w);
    // The qualifier is the area that holds the name ("Donetsk" after "Pervomaiske," is the oblast, not the city),
    // or failing that the town near which it lies.
    for (const [j, w] of outer) {
      const v = AREA_CODES.has(c.hits[j]!.place.fcode) ? QUALIFIER_WEIGHT * w : 0.5 * w;
      q.outer[i + 1]!.set(j, Math.max(q.outer[i + 1]!.get(j) ?? 0, v));
    }
    q.by[i] = i + 1;
    consistent[i] = [...inner.keys()];
  }
  return q;
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
  // "Parkland, Florida" / "Saraqib, Idlib" / "Pervomayske, Donetsk": the name after the comma (or in brackets, or
  // after "district of") holds the one before it: it settles homonyms, and is itself the area, not its capital.
  const qual = qualify(matches, base);
  // Pass 2.
  const pass2 = matches.map((m, idx) => {
    const areas = m.hits.filter((o) => o.place.fcode === 'ADM1' || o.place.fcode === 'ADM2');
    return m.hits
      .map((h, k) => ({ h, k, s: base[idx]![k]! + contextScore(h, ctx, idx) + (qual.outer[idx]!.size ? 0 : capitalOfNamesake(m, areas, h)) + (qual.inner[idx]!.get(k) ?? 0) + (qual.outer[idx]!.get(k) ?? 0) + (m.match === 'skeleton' ? -0.1 : 0) }))
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
      // A village of a country volume named alone in a Latin-script text ("Aminu", "Guma": a person's name
      // somewhere, a hamlet in Nigeria) needs its country in the text, a place cue, a locative word ("in", "near")
      // or a qualifier ("Zholobok, Luhansk").
      const h = pass2[idx][0]!.h;
      if (support < 0.5 && h.volume > 0 && !h.user && qual.by[idx] < 0 && !m.locative && (m.script === 'latin' || elsewhere > 0)) return false;
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
    let oneSense = false;
    if (t && t.size > 1 && !(m.contextPrecision === 'province' || m.air)) {
      let bestId = '';
      let bestV = -Infinity;
      for (const [id, v] of t) if (v > bestV) { bestV = v; bestId = id; }
      const j = scored.findIndex((c) => c.h.place.id === bestId);
      if (j > 0) {
        scored.unshift(...scored.splice(j, 1));
        oneSense = true;
      }
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
    if (opts.explain ?? explainAll) {
      const k = top.k;
      const h = top.h;
      const why = [`${h.place.name} ${h.place.cc} ${h.place.fcode}: prior ${r3(base[idx]![k]!)} (population, type, own name)`];
      const c = contextScore(h, ctx, idx);
      if (c) why.push(`context +${r3(c)} (countries, provinces and places near it in the text)`);
      const qi = qual.inner[idx]!.get(k);
      if (qi) why.push(`qualifier "${matches[qual.by[idx]!]!.text}" +${r3(qi)} (lies inside it)`);
      const qo = qual.outer[idx]!.get(k);
      if (qo) why.push(`qualifies "${matches[idx - 1]!.text}" +${r3(qo)} (holds it)`);
      const areas = m.hits.filter((o) => o.place.fcode === 'ADM1' || o.place.fcode === 'ADM2');
      if (!qual.outer[idx]!.size && capitalOfNamesake(m, areas, h)) why.push('capital of the province named like it +0.4');
      if (m.contextPrecision) why.push(`context word: ${m.contextPrecision} (${m.rule})`);
      if (oneSense) why.push('one sense per document: the candidate with the best total over all mentions of the name');
      let bestBase = 0;
      for (let j = 1; j < m.hits.length; j++) if (base[idx]![j]! > base[idx]![bestBase]!) bestBase = j;
      if (bestBase !== k) why.push(`without context the winner would be ${m.hits[bestBase]!.place.name} ${m.hits[bestBase]!.place.cc} ${m.hits[bestBase]!.place.fcode}`);
      EXPLANATIONS.set(out, { why, candidates: scored.slice(0, 8).map((x) => toCandidate(x.h.place, x.s)) });
    }
    return out;
  }).filter((_t, idx) => keep[idx]);
}
