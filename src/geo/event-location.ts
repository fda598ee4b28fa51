/**
 * Picks where an event happened among the places its text names.
 *
 *   "Russian jets from Hmeimim struck Saraqib"      -> Saraqib (Hmeimim follows "from": an origin, not the target)
 *   "Shelling on villages in Idlib province"         -> Idlib, precision province
 *   "Airstrikes hit the eastern countryside of Homs" -> Homs, precision near
 *   "Syria's al-Bab"                                  -> al-Bab (the most specific place wins over its country)
 * Falls back to the document's main place when the event's span names none.
 * Cue lists (origin cues, event cues) are data in rules.json.
 */
import type { Doc, Span } from '../model/document.js';
import type { EventLocation, Evidence } from '../model/event.js';
import type { FieldResult } from '../extract/fields/types.js';
import { ACLED_GEO_PRECISION, type LocationPrecision, type Toponym } from '../model/toponym.js';
import { RULES } from './recognize.js';
import { isEmbedded } from './geoparse.js';
import { SEATS } from './resolve.js';

/** "south of Aleppo" (near) and "the Eastern Ghouta" (district) are as specific as "Aleppo": all beat a province, which beats a country. */
const SPECIFICITY: Record<LocationPrecision, number> = { exact: 5, near: 5, district: 5, province: 3, country: 1, unknown: 0 };

/** Origin cues sorted longest first so "coming from" wins over "from". */
const ORIGIN = [...RULES.originCues].sort((a, b) => b.length - a.length);
const EVENT = [...RULES.eventCues].sort((a, b) => b.length - a.length);

/**
 * What the text ends with after a cue: nothing, or " the" / " al-" / " el-", then perhaps one space (whitespace
 * runs are collapsed first). "strikes on the " ends with the cue "strikes on".
 */
const CUE_TAILS = ['', ' ', ' the', ' the ', ' al-', ' al- ', ' el-', ' el- '];
const LETTER = /\p{L}/u;

/** Cue indexes by the UTF-16 code of the cue's last character ("on" under "n"), in list order; one map per list. */
const cueIndex = new WeakMap<string[], Map<number, number[]>>();
function cuesByLast(cues: string[]): Map<number, number[]> {
  let m = cueIndex.get(cues);
  if (!m) {
    m = new Map();
    cues.forEach((c, i) => {
      if (!c) return;
      const k = c.charCodeAt(c.length - 1);
      const xs = m!.get(k);
      if (xs) xs.push(i);
      else m!.set(k, [i]);
    });
    cueIndex.set(cues, m);
  }
  return m;
}

/** The words before a place as endsWithCue reads them: lowercased, whitespace runs collapsed to one space. */
function cueText(before: string): string {
  const s = before.toLowerCase();
  // Nothing to collapse (no whitespace but single spaces): the replace would return the same text.
  return WS_TO_COLLAPSE.test(s) ? s.replace(/\s+/g, ' ') : s;
}
const WS_TO_COLLAPSE = /\s\s|[^\S ]/;

/**
 * The cue `s` (the words before a place, as cueText gives them) ends with, as a whole word, or null: the answer of
 * the pattern /(?:^|[^\p{L}])(?:cue1|cue2|...)(?: the| al-| el-)?\s*$/u with the cues in list order, which takes the
 * leftmost match, so the cue that starts first (the longest) wins, and the earlier in the list among cues starting
 * at the same place. Checked from the end instead: few cues end with the last letter before the tail.
 */
function endsWithCue(s: string, cues: string[]): string | null {
  const byLast = cuesByLast(cues);
  let best = -1;
  let bestStart = Infinity;
  for (const tail of CUE_TAILS) {
    if (!s.endsWith(tail)) continue;
    const end = s.length - tail.length;
    if (end === 0) continue;
    const ids = byLast.get(s.charCodeAt(end - 1));
    if (!ids) continue;
    for (const i of ids) {
      const c = cues[i]!;
      const start = end - c.length;
      if (start < 0 || start > bestStart || (start === bestStart && i > best)) continue;
      if (!s.startsWith(c, start)) continue;
      if (start > 0 && LETTER.test(codePointBefore(s, start))) continue;
      best = i;
      bestStart = start;
    }
  }
  return best >= 0 ? cues[best]! : null;
}

/** The character (a whole surrogate pair when there is one) ending just before offset i. */
function codePointBefore(s: string, i: number): string {
  const c = s.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = s.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return s.slice(i - 2, i);
  }
  return s[i - 1]!;
}

/** Words between the previous place (or sentence start) and this toponym: where its cue phrase lives. */
function lead(doc: Doc, t: Toponym, windowChars = 40): string {
  const from = Math.max(0, t.start - windowChars);
  let s = doc.text.slice(from, t.start);
  const cut = Math.max(s.lastIndexOf('.'), s.lastIndexOf('\n'), s.lastIndexOf(';'));
  if (cut >= 0) s = s.slice(cut + 1);
  return s;
}

export interface PickOptions {
  /** Fall back to the document's main place when the span names none (default true). */
  fallbackToDocument?: boolean;
  /** The words that name the event (its trigger). Deaths in a clause without them may belong to another event:
   *  "air strikes ... after three pilots died in a helicopter shot down in the Aleppo area" is not an Aleppo strike. */
  anchor?: Span;
}

function usable(t: Toponym): boolean {
  return !!t.resolved && !t.adjectival && !isEmbedded(t);
}

/** Weight of a place in the vote for the document's country: a named country 2, a country adjective 0.5, a place
 *  1 to 2 by its size ("the Castello bridge in Aleppo": the city of 2 million outvotes a hamlet abroad). */
function countryVote(t: Toponym): number {
  if (t.adjectival) return 0.5;
  const r = t.resolved!;
  if (r.featureCode === 'PCLI') return 2;
  return 1 + Math.min(1, Math.log10(r.population + 1) / 7);
}

/** Country most places of the document resolve to. */
function dominantCountry(doc: Doc): string | null {
  const n = new Map<string, number>();
  for (const t of doc.places) if (t.resolved?.country) n.set(t.resolved.country, (n.get(t.resolved.country) ?? 0) + countryVote(t));
  let best: string | null = null;
  let bw = 0;
  for (const [cc, w] of n) if (w > bw) { bw = w; best = cc; }
  return best;
}

/**
 * Whether text.slice(from, to) has a casualty cue: the answer of
 *   /(^|[^\p{L}])(cue1|cue2|...)(?=$|[^\p{L}])/iu.test(text.slice(from, to))
 * from the cue occurrences in the whole text, found once per document (dc.casualtyAt): an occurrence inside
 * [from, to) counts when the characters around it inside the slice (if any) are no letters, tested with the
 * pattern's own class and flags. (Clauses of a long article overlap: scanning each with the pattern cost more.)
 */
function casualtyIn(text: string, dc: DocCache, from: number, to: number): boolean {
  const at = (dc.casualtyAt ??= casualtyCues(text));
  let k = firstAtOrAfter(at.starts, from);
  for (; k < at.starts.length && at.starts[k]! < to; k++) {
    const p = at.starts[k]!;
    const e = at.ends[k]!;
    if (e > to) continue;
    if (p > from && !NON_LETTER.test(codePointIn(text, from, p, true))) continue;
    if (e < to && !NON_LETTER.test(codePointIn(text, e, to, false))) continue;
    return true;
  }
  return false;
}

const escapeRe = (c: string): string => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Any casualty cue (to find where cues start) and each cue alone at one position (to find all their lengths there). */
const CASUALTY_ANY = new RegExp(RULES.casualtyCues.map(escapeRe).join('|'), 'giu');
const CASUALTY_EACH = RULES.casualtyCues.map((c) => new RegExp(escapeRe(c), 'iuy'));
/** One character that the pattern's [^\p{L}] accepts (same flags: under case folding this is not just "not a letter"). */
const NON_LETTER = /^[^\p{L}]$/iu;

/**
 * The casualty cues (indexes into CASUALTY_EACH, in order) that can start with this UTF-16 code unit: those whose
 * first character matches it under the cue patterns' own flags. Built per code unit when first seen (a few dozen
 * letters in practice). A surrogate gets every cue: a cue may start with an astral character.
 */
const cuesStartingWith = new Map<number, number[]>();
function cuesFor(code: number): readonly number[] {
  let ids = cuesStartingWith.get(code);
  if (!ids) {
    const ch = String.fromCharCode(code);
    const surrogate = code >= 0xd800 && code <= 0xdfff;
    ids = [];
    for (let i = 0; i < RULES.casualtyCues.length; i++) {
      const cp = RULES.casualtyCues[i]!.codePointAt(0);
      // (An empty cue would match anywhere.)
      if (surrogate || cp === undefined || new RegExp(`^${escapeRe(String.fromCodePoint(cp))}$`, 'iu').test(ch)) ids.push(i);
    }
    cuesStartingWith.set(code, ids);
  }
  return ids;
}

/** Every occurrence of every casualty cue in the text (overlapping ones too), by start. */
function casualtyCues(text: string): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  CASUALTY_ANY.lastIndex = 0;
  for (let m = CASUALTY_ANY.exec(text); m; m = CASUALTY_ANY.exec(text)) {
    const p = m.index;
    // Only the cues that can start with the character at p are tried (every cue was tried at each match).
    for (const i of cuesFor(text.charCodeAt(p))) {
      const re = CASUALTY_EACH[i]!;
      re.lastIndex = p;
      const x = re.exec(text);
      if (x) {
        starts.push(p);
        ends.push(p + x[0].length);
      }
    }
    CASUALTY_ANY.lastIndex = p + 1;
  }
  return { starts, ends };
}

/** The code point of text.slice(lo, hi) that ends at hi (before = true) or starts at lo, as the slice has it:
 *  a surrogate pair cut by the slice's edge is a lone surrogate there. */
function codePointIn(text: string, lo: number, hi: number, before: boolean): string {
  if (before) {
    const c = text.charCodeAt(hi - 1);
    if (c >= 0xdc00 && c <= 0xdfff && hi - 2 >= lo) {
      const h = text.charCodeAt(hi - 2);
      if (h >= 0xd800 && h <= 0xdbff) return text.slice(hi - 2, hi);
    }
    return text[hi - 1]!;
  }
  const c = text.charCodeAt(lo);
  if (c >= 0xd800 && c <= 0xdbff && lo + 1 < hi) {
    const l = text.charCodeAt(lo + 1);
    if (l >= 0xdc00 && l <= 0xdfff) return text.slice(lo, lo + 2);
  }
  return text[lo]!;
}

/**
 * The clause of `span` that holds the toponym: headlines and lead sentences list several events
 * ("Shelling on Daraa city and a sniper kills a fighter in Homs"); a place's clause is cut at "and", commas, ";".
 */
/** Rule names of toponyms qualified by a regional head ("context:x-countryside", "context:the-outskirts-of"). */
const REGIONAL_CUE = new RegExp(`(^|[-:])(${RULES.regionalHeads.map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(-|$)`);

const CLAUSE_WINDOW = 400;
/** The clause with the deaths breaks ties between places; it does not outrank a town over a region or the event's own
 *  cue ("shelling on X"), which are worth more (measured: +6 places more events right than +12 on both dev sets). */
const CASUALTY_CLAUSE_BONUS = 6;

/** Rule of a toponym with a regional head before it ("context:the-countryside-of") or after it ("context:x-countrysides"). */
const isRegional = (t: Toponym): boolean => t.precision === 'near' && REGIONAL_CUE.test(t.rule);
/**
 * A regional head governs both names of a coordination: "the countryside of Idlib and Saraqib", "Idlib and Hama
 * countrysides". The other name is a region too, not a town the text singles out.
 */
const AND_GAP = /^\s*(and|&|or)\s+(the\s+)?$/i;
/** `prev` is "the countryside of X" and `t` follows it after "and": "the countryside of Idlib and Saraqib". */
function governsNext(doc: Doc, prev: Toponym, t: Toponym): boolean {
  return isRegional(prev) && /-of$/.test(prev.rule) && AND_GAP.test(doc.text.slice(prev.end, t.start));
}
/** `next` is "X countrysides" and `t` comes before it and "and": "Idlib and Hama countrysides". */
function governsPrev(doc: Doc, t: Toponym, next: Toponym): boolean {
  return isRegional(next) && /:x-/.test(next.rule) && AND_GAP.test(doc.text.slice(t.end, next.start));
}

function clauseOf(dc: DocCache, t: Toponym, span: Span): [number, number] {
  // Search only inside the event span and near the place (a clause is shorter than CLAUSE_WINDOW characters).
  // The positions of every clause break in the document are found once (docCache), so each call is a few binary
  // searches: the same as lastIndexOf/indexOf on doc.text.slice(lo, hi), whose matches must lie inside [lo, hi).
  const lo = Math.max(span.start, t.start - CLAUSE_WINDOW);
  const hi = Math.min(span.end, t.end + CLAUSE_WINDOW);
  const breaks = dc.breaks;
  let from = lo;
  let to = hi;
  for (let k = 0; k < RULES.clauseBreaks.length; k++) {
    const len = RULES.clauseBreaks[k]!.length;
    const at = breaks[k]!;
    // Last break starting in [lo, t.start - 1] and ending by hi.
    if (t.start > lo) {
      let i = firstAtOrAfter(at, t.start) - 1;
      while (i >= 0 && at[i]! >= lo && at[i]! + len > hi) i--;
      if (i >= 0 && at[i]! >= lo && at[i]! >= from) from = at[i]! + len;
    }
    // First break starting at or after t.end and ending by hi.
    const j = firstAtOrAfter(at, t.end);
    if (j < at.length && at[j]! + len <= hi && at[j]! < to) to = at[j]!;
  }
  return [from, to];
}

/** Index of the first element of sorted `xs` that is >= x (xs.length if none). */
function firstAtOrAfter(xs: number[], x: number): number {
  let a = 0;
  let b = xs.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (xs[m]! < x) a = m + 1;
    else b = m;
  }
  return a;
}

/**
 * Per-document facts reused across calls: pickEventLocation runs for every sentence and every event of a document,
 * each time over the places of its span, so a long article re-scored the same toponyms many times.
 * One document at a time (the pipeline handles documents one by one); keyed by the text and places array.
 */
interface DocCache {
  text: string;
  places: Toponym[];
  nPlaces: number;
  /** Per clause break (RULES.clauseBreaks order): sorted start offsets of all its occurrences in the text. */
  breaks: number[][];
  /** Where casualty cues occur (casualtyCues), once asked. */
  casualtyAt?: { starts: number[]; ends: number[] };
  /** Clause offsets (start * (text length + 1) + end) -> does it report casualties. */
  casualty: Map<number, boolean>;
  dominant: string | null | undefined;
  /** mainPlace(doc), once computed. */
  main: Toponym | null | undefined;
  sentences: Doc['sentences'];
  /** Offset -> index of the sentence holding it (sentenceOf). */
  sentenceAt: Map<number, number>;
  /** The usable places (see usable()), in document order. */
  usable: Toponym[];
  /** The usable places follow each other without overlapping, so those inside a span are a run of them. */
  ordered: boolean;
  /** Per usable place: what scoring it needs that no span changes (built on first use). */
  facts: (PlaceFacts | undefined)[];
}
let cached: DocCache | null = null;

function docCache(doc: Doc): DocCache {
  if (cached && cached.text === doc.text && cached.places === doc.places && cached.nPlaces === doc.places.length && cached.sentences === doc.sentences) return cached;
  const breaks = RULES.clauseBreaks.map((b) => {
    const at: number[] = [];
    for (let p = doc.text.indexOf(b); p >= 0; p = doc.text.indexOf(b, p + 1)) at.push(p);
    return at;
  });
  const u = doc.places.filter(usable);
  let ordered = true;
  for (let j = 0; j < u.length && ordered; j++) ordered = u[j]!.start < u[j]!.end && (j + 1 === u.length || u[j]!.end <= u[j + 1]!.start);
  cached = {
    text: doc.text, places: doc.places, nPlaces: doc.places.length, breaks, casualty: new Map(), dominant: undefined, main: undefined,
    sentences: doc.sentences, sentenceAt: new Map(), usable: u, ordered, facts: [],
  };
  return cached;
}

/** What scoring needs of the usable place j that does not depend on the span asked about. */
interface PlaceFacts {
  /** Cues ending the words before it (origin / event lists). */
  origin: string | null;
  event: string | null;
  regional: boolean;
  /** The usable place before it governs it (governsNext); the one after it governs it (governsPrev). */
  byPrev: boolean;
  byNext: boolean;
  /** Its province key (provinceKey), once asked. */
  province?: string;
}

function factsOf(doc: Doc, dc: DocCache, j: number): PlaceFacts {
  let f = dc.facts[j];
  if (!f) {
    const u = dc.usable;
    const t = u[j]!;
    // Both cue lists read the same words: lowercased and collapsed once.
    const l = cueText(lead(doc, t));
    f = {
      origin: endsWithCue(l, ORIGIN), event: endsWithCue(l, EVENT), regional: isRegional(t),
      byPrev: j > 0 && governsNext(doc, u[j - 1]!, t), byNext: j + 1 < u.length && governsPrev(doc, t, u[j + 1]!),
    };
    dc.facts[j] = f;
  }
  return f;
}

/** Indexes (into dc.usable) of the usable places inside the span, in document order. */
function placesIn(dc: DocCache, span: Span): number[] {
  const u = dc.usable;
  const out: number[] = [];
  if (!dc.ordered) {
    u.forEach((t, j) => {
      if (t.start >= span.start && t.end <= span.end) out.push(j);
    });
    return out;
  }
  // Ordered places: the first one starting in the span, then on while they end in it (their ends increase too).
  let a = 0;
  let b = u.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (u[m]!.start < span.start) a = m + 1;
    else b = m;
  }
  for (let j = a; j < u.length && u[j]!.end <= span.end; j++) out.push(j);
  return out;
}

/** Index of the sentence holding a span (-1 when the document has no sentences). */
function sentenceOf(doc: Doc, dc: DocCache, s: Span): number {
  // Memoized per document: asked for every place of every event span (a linear search over the sentences each time).
  const memo = dc.sentenceAt;
  let i = memo.get(s.start);
  if (i === undefined) {
    const sent = doc.sentences.find((x) => s.start >= x.start && s.start < x.end);
    i = sent ? sent.index : -1;
    memo.set(s.start, i);
  }
  return i;
}

/**
 * The best of the usable places `idx` (inside `span`) as the event's location, and the rules that scored it.
 * Scores: more specific first, then earlier; the cues before a place, the named province, regions and the clause
 * with the deaths adjust them. The first of equal scores wins.
 */
function bestPlace(doc: Doc, dc: DocCache, idx: number[], span: Span, anchor: Span | undefined, withRules: boolean): { t: Toponym; rules: string[] } {
  const u = dc.usable;
  if (dc.dominant === undefined) dc.dominant = dominantCountry(doc);
  const places = idx.map((j) => u[j]!);
  // When only some clauses report deaths or injuries, the event a coder records is the deadly one. A single place
  // has no other clause to be compared with (the bonus needs some clauses with casualties and some without), so its
  // clause is not looked for: most spans of short reports name one usable place.
  const clauses = places.length > 1 ? places.map((t) => clauseOf(dc, t, span)) : [];
  const withCasualty = clauses.map(([from, to]) => {
    const key = from * (doc.text.length + 1) + to;
    let v = dc.casualty.get(key);
    if (v === undefined) {
      v = casualtyIn(doc.text, dc, from, to);
      dc.casualty.set(key, v);
    }
    return v;
  });
  const sc: ScoreContext = {
    doc, dc, idx, places, clauses, withCasualty, anchor, dom: dc.dominant,
    someButNotAll: withCasualty.some(Boolean) && !withCasualty.every(Boolean),
    // "air strikes in the Idlib province ... destruction of the town of Sarakib": when the event's text names a
    // province, a town inside it is where the event happened, rather than a town elsewhere in the same passage.
    provinces: places.some((t) => t.precision === 'province' && t.resolved?.admin1)
      ? new Set(places.filter((t) => t.precision === 'province' && t.resolved?.admin1).map((t) => provinceKey(t.resolved!)))
      : NO_PROVINCES,
  };
  // One place wins without a vote: it is scored once, for its rules.
  let best = 0;
  let bestScore = places.length > 1 ? scoreOf(sc, 0, null) : 0;
  for (let i = 1; i < places.length; i++) {
    const v = scoreOf(sc, i, null);
    if (v > bestScore) {
      best = i;
      bestScore = v;
    }
  }
  const rules: string[] = [];
  if (withRules) scoreOf(sc, best, rules);
  return { t: places[best]!, rules };
}

const NO_PROVINCES: ReadonlySet<string> = new Set();
/** "CC|admin1": a place's province, as the span's named provinces are keyed. */
const provinceKey = (r: NonNullable<Toponym['resolved']>): string => `${r.country}|${r.admin1}`;

/** What bestPlace knows of the span's places while it scores them. */
interface ScoreContext {
  doc: Doc;
  dc: DocCache;
  /** The places (and their indexes into dc.usable), their clauses and whether each clause reports casualties
   *  (clauses only when there are several places: see bestPlace). */
  idx: number[];
  places: Toponym[];
  clauses: [number, number][];
  withCasualty: boolean[];
  someButNotAll: boolean;
  /** "CC|admin1" of the provinces the span names. */
  provinces: ReadonlySet<string>;
  dom: string | null;
  anchor: Span | undefined;
}

/** Score of sc.places[i]; its rules are pushed to `rules` when given (only the winner's are kept). */
function scoreOf(sc: ScoreContext, i: number, rules: string[] | null): number {
  const { doc, dc } = sc;
  const t = sc.places[i]!;
  const j = sc.idx[i]!;
  const f = factsOf(doc, dc, j);
  let score = SPECIFICITY[t.precision] * 10 - i * 2 + t.confidence; // more specific first, then earlier
  // A place abroad, in a text about another country, is where the event happened only when nothing else is: it
  // loses even with a casualty clause to a place in the document's country ("shells fell on Aleppo and two were killed in Castello").
  if (sc.dom && t.resolved && t.resolved.country !== sc.dom && t.precision !== 'country') score -= 25;
  const origin = f.origin;
  if (origin) {
    score -= 60;
    rules?.push(`location:origin-cue:${origin.replace(/ /g, '-')}`);
  }
  const ev = f.event;
  if (ev && !origin) {
    score += 3;
    rules?.push(`location:event-cue:${ev.replace(/ /g, '-')}`);
  }
  if (sc.provinces.size && t.resolved && t.precision !== 'province' && t.precision !== 'country') {
    if (sc.provinces.has((f.province ??= provinceKey(t.resolved)))) {
      score += 4;
      rules?.push('location:in-named-province');
    } else {
      score -= 8;
      rules?.push('location:outside-named-province');
    }
  }
  // "the northern countryside of Aleppo", "the Aleppo area": a region around a place. A town the same text names
  // ("the city of Marea in the northern countryside of Aleppo") is where a coder puts the event.
  // The neighbours are those inside the span: the facts hold for the usable place next to it, when that is one.
  const byPrev = i > 0 && (sc.idx[i - 1] === j - 1 ? f.byPrev : governsNext(doc, sc.places[i - 1]!, t));
  const byNext = i + 1 < sc.places.length && (sc.idx[i + 1] === j + 1 ? f.byNext : governsPrev(doc, t, sc.places[i + 1]!));
  if (f.regional || byPrev || byNext) {
    score -= 4;
    rules?.push('location:regional');
  }
  if (t.precision === 'near') rules?.push('location:near');
  if (sc.someButNotAll && sc.withCasualty[i] && ownCasualty(sc, i, t)) {
    score += CASUALTY_CLAUSE_BONUS;
    rules?.push('location:casualty-clause');
  }
  return score;
}

/** The casualty clause of place i is the event's own: no anchor, or the clause holds it, or they share a sentence. */
function ownCasualty(sc: ScoreContext, i: number, t: Toponym): boolean {
  const { doc, dc, anchor } = sc;
  const clause = anchor ? sc.clauses[i]! : null;
  return !anchor || !clause || (anchor.start < clause[1] && anchor.end > clause[0]) || sentenceOf(doc, dc, anchor) === sentenceOf(doc, dc, t);
}

/** The document's main place: the most mentioned specific place (ties: the earliest). */
export function mainPlace(doc: Doc): Toponym | null {
  const dc = docCache(doc);
  if (dc.main === undefined) dc.main = findMainPlace(doc);
  return dc.main;
}

function findMainPlace(doc: Doc): Toponym | null {
  const counts = new Map<string, { n: number; t: Toponym; spec: number }>();
  for (const t of doc.places) {
    if (!usable(t)) continue;
    const k = t.resolved!.id;
    const e = counts.get(k);
    if (e) e.n++;
    else counts.set(k, { n: 1, t, spec: SPECIFICITY[t.precision] });
  }
  let best: { n: number; t: Toponym; spec: number } | null = null;
  for (const e of counts.values()) {
    const v = e.n + e.spec * 0.6;
    if (!best || v > best.n + best.spec * 0.6) best = e;
  }
  return best?.t ?? null;
}

function toLocation(t: Toponym): EventLocation {
  const r = t.resolved!;
  // ACLED: an event known only to the province is placed at the provincial capital (geo_precision 3).
  const seat = t.precision === 'province' ? SEATS.get(r) : undefined;
  return {
    name: r.name,
    mention: t.text,
    lat: seat ? seat.lat : r.lat,
    lon: seat ? seat.lon : r.lon,
    country: r.country || null,
    admin1: r.admin1,
    admin2: r.admin2,
    placeId: r.id,
    precision: t.precision,
    geoPrecision: ACLED_GEO_PRECISION[t.precision],
    confidence: t.confidence,
  };
}

function evidenceOf(t: Toponym, rule: string): Evidence {
  return { start: t.start, end: t.end, text: t.text, rule };
}

const OWNER_WEAPONS = new Set(RULES.platformOwners.weaponCategories);
const OWNER_STRIKES = new Set(RULES.platformOwners.subEventTypes);

/**
 * "Russian warplanes struck the town", "Turkish drone strike": the adjective names who fired, and such strikes often
 * cross borders, so it says nothing of where the event happened. True when a long-range weapon or a remote-strike
 * trigger starts right after the adjective (a space or hyphen apart).
 */
function namesPlatformOwner(doc: Doc, t: Toponym): boolean {
  const gap = /^[\s-]{0,2}/u.exec(doc.text.slice(t.end, t.end + 2))![0].length;
  const at = t.end + gap;
  return doc.mentions.some(
    (m) =>
      m.start === at &&
      ((m.kind === 'weapon' && OWNER_WEAPONS.has(m.value.category)) ||
        (m.kind === 'trigger' && m.value.subEventType != null && OWNER_STRIKES.has(m.value.subEventType))),
  );
}

const BORDER_WORDS = RULES.borderWords.map((w) => w.toLowerCase());

/** "close to the Turkish border": the adjective names a frontier, and the event may be on either side of it. */
function namesFrontier(doc: Doc, t: Toponym): boolean {
  const after = doc.text.slice(t.end, t.end + 24).toLowerCase().replace(/^[\s-]+/u, '');
  return BORDER_WORDS.some((w) => after.startsWith(w) && !/\p{L}/u.test(after.charAt(w.length)));
}

/** The toponym pickEventLocation settles on, how it was found, and (when asked for) the rules that scored it. */
interface Picked {
  t: Toponym;
  how: 'span' | 'main' | 'adjective';
  rules: string[];
}

function pickPlace(doc: Doc, span: Span, opts: PickOptions, withRules: boolean): Picked | null {
  const dc = docCache(doc);
  const inSpan = placesIn(dc, span);
  if (inSpan.length) {
    const best = bestPlace(doc, dc, inSpan, span, opts.anchor, withRules);
    return { t: best.t, how: 'span', rules: best.rules };
  }
  if (opts.fallbackToDocument !== false) {
    const main = mainPlace(doc);
    if (main) return { t: main, how: 'main', rules: [] };
  }
  // A country named only as an adjective ("Syrian forces shelled ...") still says where, coarsely.
  const t = doc.places.find(
    (t) => t.start >= span.start && t.end <= span.end && t.adjectival && t.resolved && t.resolved.featureCode === 'PCLI' && !namesPlatformOwner(doc, t) && !namesFrontier(doc, t),
  );
  return t ? { t, how: 'adjective', rules: [] } : null;
}

export function pickEventLocation(doc: Doc, span: Span, opts: PickOptions = {}): FieldResult<EventLocation | null> {
  const p = pickPlace(doc, span, opts, true);
  if (!p) return { value: null, evidence: [], rules: [] };
  const t = p.t;
  if (p.how === 'span') {
    const rules = ['location:in-event-span', `location:${t.rule}`, ...p.rules];
    return { value: toLocation(t), evidence: [evidenceOf(t, rules.join(' '))], rules };
  }
  if (p.how === 'main') {
    const rules = ['location:document-main-place', `location:${t.rule}`];
    const loc = toLocation(t);
    loc.confidence = Math.round(loc.confidence * 0.7 * 100) / 100;
    return { value: loc, evidence: [evidenceOf(t, rules.join(' '))], rules };
  }
  const rules = ['location:country-adjective'];
  const loc = toLocation({ ...t, precision: 'country' });
  loc.confidence = Math.round(t.confidence * 0.5 * 100) / 100;
  return { value: loc, evidence: [evidenceOf(t, rules[0])], rules };
}

/** Enough of pickEventLocation's answer to tell places apart (as assemble/drafts.ts groups events), without
 *  building the location record, its evidence and rules: asked for every sentence that may start an event. */
export interface EventPlaceKey {
  name: string;
  admin1: string | null;
  precision: LocationPrecision;
  /** The place lies inside the span (false: the document's main place stands in). */
  named: boolean;
}

export function eventPlaceKey(doc: Doc, span: Span, opts: PickOptions = {}): EventPlaceKey | null {
  const p = pickPlace(doc, span, opts, false);
  if (!p) return null;
  const r = p.t.resolved!;
  return { name: r.name, admin1: r.admin1, precision: p.how === 'adjective' ? 'country' : p.t.precision, named: p.t.start >= span.start && p.t.end <= span.end };
}
