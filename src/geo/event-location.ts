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

/** One compiled pattern per cue list (longest cue first), so each toponym costs one regex test, not one per cue. */
const cuePatterns = new WeakMap<string[], RegExp>();
function endsWithCue(before: string, cues: string[]): string | null {
  let re = cuePatterns.get(cues);
  if (!re) {
    const alt = cues.map((c, i) => `(?<c${i}>${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`).join('|');
    re = new RegExp(`(?:^|[^\\p{L}])(?:${alt})(?: the| al-| el-)?\\s*$`, 'u');
    cuePatterns.set(cues, re);
  }
  const m = re.exec(before.toLowerCase().replace(/\s+/g, ' '));
  if (!m?.groups) return null;
  for (let i = 0; i < cues.length; i++) if (m.groups[`c${i}`] !== undefined) return cues[i]!;
  return null;
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

interface Scored {
  t: Toponym;
  score: number;
  rules: string[];
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

const CASUALTY = new RegExp(`(^|[^\\p{L}])(${RULES.casualtyCues.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=$|[^\\p{L}])`, 'iu');

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
function regionalByCoordination(doc: Doc, places: Toponym[], i: number): boolean {
  const t = places[i]!;
  const prev = places[i - 1];
  const next = places[i + 1];
  const and = (a: Toponym, b: Toponym): boolean => /^\s*(and|&|or)\s+(the\s+)?$/i.test(doc.text.slice(a.end, b.start));
  if (prev && isRegional(prev) && /-of$/.test(prev.rule) && and(prev, t)) return true;
  if (next && isRegional(next) && /:x-/.test(next.rule) && and(t, next)) return true;
  return false;
}

function clauseOf(doc: Doc, t: Toponym, span: Span): [number, number] {
  // Search only inside the event span and near the place (a clause is shorter than CLAUSE_WINDOW characters).
  // The positions of every clause break in the document are found once (docCache), so each call is a few binary
  // searches: the same as lastIndexOf/indexOf on doc.text.slice(lo, hi), whose matches must lie inside [lo, hi).
  const lo = Math.max(span.start, t.start - CLAUSE_WINDOW);
  const hi = Math.min(span.end, t.end + CLAUSE_WINDOW);
  const breaks = docCache(doc).breaks;
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
  /** Cue ending the lead of the toponym starting at this offset (origin / event lists). */
  origin: Map<number, string | null>;
  event: Map<number, string | null>;
  /** Clause offsets ("start:end") -> does it report casualties. */
  casualty: Map<string, boolean>;
  dominant: string | null | undefined;
  sentences: Doc['sentences'];
  /** Offset -> index of the sentence holding it (sentenceOf). */
  sentenceAt: Map<number, number>;
}
let cached: DocCache | null = null;

function docCache(doc: Doc): DocCache {
  if (cached && cached.text === doc.text && cached.places === doc.places && cached.nPlaces === doc.places.length && cached.sentences === doc.sentences) return cached;
  const breaks = RULES.clauseBreaks.map((b) => {
    const at: number[] = [];
    for (let p = doc.text.indexOf(b); p >= 0; p = doc.text.indexOf(b, p + 1)) at.push(p);
    return at;
  });
  cached = { text: doc.text, places: doc.places, nPlaces: doc.places.length, breaks, origin: new Map(), event: new Map(), casualty: new Map(), dominant: undefined, sentences: doc.sentences, sentenceAt: new Map() };
  return cached;
}

function leadCue(doc: Doc, t: Toponym, kind: 'origin' | 'event'): string | null {
  const memo = docCache(doc)[kind];
  let r = memo.get(t.start);
  if (r === undefined) {
    r = endsWithCue(lead(doc, t), kind === 'origin' ? ORIGIN : EVENT);
    memo.set(t.start, r);
  }
  return r;
}

/** Index of the sentence holding a span (-1 when the document has no sentences). */
function sentenceOf(doc: Doc, s: Span): number {
  // Memoized per document: asked for every place of every event span (a linear search over the sentences each time).
  const memo = docCache(doc).sentenceAt;
  let i = memo.get(s.start);
  if (i === undefined) {
    const sent = doc.sentences.find((x) => s.start >= x.start && s.start < x.end);
    i = sent ? sent.index : -1;
    memo.set(s.start, i);
  }
  return i;
}

function scorePlaces(doc: Doc, places: Toponym[], span: Span, anchor?: Span): Scored[] {
  const dc = docCache(doc);
  if (dc.dominant === undefined) dc.dominant = dominantCountry(doc);
  const dom = dc.dominant;
  // When only some clauses report deaths or injuries, the event a coder records is the deadly one.
  const withCasualty = places.map((t) => {
    const [from, to] = clauseOf(doc, t, span);
    const key = `${from}:${to}`;
    let v = dc.casualty.get(key);
    if (v === undefined) {
      v = CASUALTY.test(doc.text.slice(from, to));
      dc.casualty.set(key, v);
    }
    return v;
  });
  const someButNotAll = withCasualty.some(Boolean) && !withCasualty.every(Boolean);
  // "air strikes in the Idlib province ... destruction of the town of Sarakib": when the event's text names a
  // province, a town inside it is where the event happened, rather than a town elsewhere in the same passage.
  const provinces = new Set(
    places.filter((t) => t.precision === 'province' && t.resolved?.admin1).map((t) => `${t.resolved!.country}|${t.resolved!.admin1}`),
  );
  return places.map((t, i) => {
    const rules: string[] = [];
    let score = SPECIFICITY[t.precision] * 10 - i * 2 + t.confidence; // more specific first, then earlier
    // A place abroad, in a text about another country, is where the event happened only when nothing else is: it
    // loses even with a casualty clause to a place in the document's country ("shells fell on Aleppo and two were killed in Castello").
    if (dom && t.resolved && t.resolved.country !== dom && t.precision !== 'country') score -= 25;
    const origin = leadCue(doc, t, 'origin');
    if (origin) {
      score -= 60;
      rules.push(`location:origin-cue:${origin.replace(/ /g, '-')}`);
    }
    const ev = leadCue(doc, t, 'event');
    if (ev && !origin) {
      score += 3;
      rules.push(`location:event-cue:${ev.replace(/ /g, '-')}`);
    }
    if (provinces.size && t.resolved && t.precision !== 'province' && t.precision !== 'country') {
      if (provinces.has(`${t.resolved.country}|${t.resolved.admin1}`)) {
        score += 4;
        rules.push('location:in-named-province');
      } else {
        score -= 8;
        rules.push('location:outside-named-province');
      }
    }
    // "the northern countryside of Aleppo", "the Aleppo area": a region around a place. A town the same text names
    // ("the city of Marea in the northern countryside of Aleppo") is where a coder puts the event.
    if ((t.precision === 'near' && REGIONAL_CUE.test(t.rule)) || regionalByCoordination(doc, places, i)) {
      score -= 4;
      rules.push('location:regional');
    }
    if (t.precision === 'near') rules.push('location:near');
    const clause = anchor ? clauseOf(doc, t, span) : null;
    const ownCasualty = !anchor || !clause || (anchor.start < clause[1] && anchor.end > clause[0]) || sentenceOf(doc, anchor) === sentenceOf(doc, t);
    if (someButNotAll && withCasualty[i] && ownCasualty) {
      score += CASUALTY_CLAUSE_BONUS;
      rules.push('location:casualty-clause');
    }
    return { t, score, rules };
  });
}

/** The document's main place: the most mentioned specific place (ties: the earliest). */
export function mainPlace(doc: Doc): Toponym | null {
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

export function pickEventLocation(doc: Doc, span: Span, opts: PickOptions = {}): FieldResult<EventLocation | null> {
  const inSpan = doc.places.filter((t) => t.start >= span.start && t.end <= span.end && usable(t));
  if (inSpan.length) {
    const scored = scorePlaces(doc, inSpan, span, opts.anchor).sort((a, b) => b.score - a.score);
    const best = scored[0];
    const rules = ['location:in-event-span', `location:${best.t.rule}`, ...best.rules];
    return { value: toLocation(best.t), evidence: [evidenceOf(best.t, rules.join(' '))], rules };
  }
  // A country named only as an adjective ("Syrian forces shelled ...") still says where, coarsely.
  const adjectives = doc.places.filter(
    (t) => t.start >= span.start && t.end <= span.end && t.adjectival && t.resolved && t.resolved.featureCode === 'PCLI' && !namesPlatformOwner(doc, t) && !namesFrontier(doc, t),
  );
  if (opts.fallbackToDocument !== false) {
    const main = mainPlace(doc);
    if (main) {
      const rules = ['location:document-main-place', `location:${main.rule}`];
      const loc = toLocation(main);
      loc.confidence = Math.round(loc.confidence * 0.7 * 100) / 100;
      return { value: loc, evidence: [evidenceOf(main, rules.join(' '))], rules };
    }
  }
  if (adjectives.length) {
    const t = adjectives[0];
    const rules = ['location:country-adjective'];
    const loc = toLocation({ ...t, precision: 'country' });
    loc.confidence = Math.round(t.confidence * 0.5 * 100) / 100;
    return { value: loc, evidence: [evidenceOf(t, rules[0])], rules };
  }
  return { value: null, evidence: [], rules: [] };
}
