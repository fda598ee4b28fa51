/**
 * Casualty counts: fatalities, injured, civilian fatalities, and strike counts.
 *
 * Counting in prose works sentence by sentence:
 *  - counts are number mentions ("five", "at least 4", "dozens") and "a/an/one <person>" ("a man", "one soldier");
 *  - triggers are death / injury words in three forms (lang/<xx>/casualties.json):
 *      passive  "five people were killed", "3 died"         (count BEFORE the word, up to 10 words)
 *      active   "killing 4 soldiers", "shot dead a civilian" (count right AFTER the word, then "... and 3 others")
 *      nounOf   "the bodies of 3 men"
 *  - counts in parentheses or after "including" are subsets and are not added;
 *  - the counts of one sentence are summed ("three pilots and two other citizens have died" = 5); across sentences
 *    the largest sentence wins (reports repeat figures), and sentences that say "also" / "another" add to it.
 * A coder's note ("1 fatality.", "Unknown fatalities coded as 10", "20 fatalities split between 3 events")
 * overrides prose counting. "No fatalities were reported" gives 0.
 */
import type { Doc, Sentence } from '../../model/document.js';
import type { Evidence, Range } from '../../model/event.js';
import { packFor } from '../lang/index.js';
import { findNumbers, parseNumber, type NumberModifier } from '../stages/43-numbers.js';
import type { EventScope, FieldResult } from './types.js';
import { evidence, scopeSentences } from './scope.js';
import { rulesForText } from './caseless.js';
import { spend } from '../budget.js';

interface TriggerForms {
  passive: string[];
  active: string[];
  nounOf: string[];
}
interface CasualtyData {
  death: TriggerForms;
  injury: TriggerForms;
  persons: string[];
  civilians: string[];
  civiliansExclude: string[];
  subset: string[];
  coded: string[];
  codedEach: string;
  split: string;
  none: string[];
  addition: string[];
  additionBlock: string;
  strikes: string[];
  prefilter: string;
  codedPrefilter: string;
  ambiguousAfter: string;
  protestWords: string;
  causeWords: string;
  nonViolent: string;
  negatedBefore: string;
  nounCauseBefore: string;
  nonViolentBefore: string;
}

type Kind = 'death' | 'injury';
interface Rules {
  /** Per kind and form: the pattern (global) and the same pattern anchored at a position (sticky). */
  triggers: { re: RegExp; at: RegExp; kind: Kind; form: 'passive' | 'active' | 'nounOf' }[];
  /**
   * All trigger patterns as one alternation (null if they cannot be joined): wherever some trigger pattern matches,
   * this matches too, so the places it matches at are the only places each trigger pattern needs to be tried.
   */
  anyTrigger: RegExp | null;
  /** Person nouns, singular and plural-free, lower case; two-word nouns as "crew member". */
  personSet: Set<string>;
  civilians: RegExp;
  civiliansExclude: Set<string>;
  subset: RegExp;
  coded: RegExp[];
  codedEach: RegExp;
  split: RegExp;
  none: RegExp;
  addition: RegExp;
  additionBlock: RegExp;
  strikes: RegExp;
  /** A strike noun after a space anywhere in a sentence: without one, `strikes` matches after none of its counts. */
  strikesGate: RegExp;
  prefilter: RegExp;
  codedPrefilter: RegExp;
  ambiguousAfter: RegExp;
  protestWords: RegExp;
  causeWords: RegExp;
  nonViolent: RegExp;
  negatedBefore: RegExp;
  nounCauseBefore: RegExp;
  nonViolentBefore: RegExp;
  personObject: RegExp;
}

const alt = (xs: string[]) => xs.map((x) => `(?:${x})`).join('|');
// Word edges that work for every script: JavaScript's \b only knows ASCII letters, so "убиты" or "قتلى" never match
// between \b and \b. (English matches the same words as with \b.)
const WB = '(?<![\\p{L}\\p{N}_])';
const WE = '(?![\\p{L}\\p{N}_])';
const rulesCache = new Map<string, Rules>();
export function casualtyRules(lang: string | null): Rules {
  const direct = rulesCache.get(`=${lang}`);
  if (direct) return direct;
  const pack = packFor(lang, 'casualties');
  const hit = rulesCache.get(pack.lang);
  if (hit) {
    rulesCache.set(`=${lang}`, hit);
    return hit;
  }
  const d = pack.data as CasualtyData;
  const triggers: Rules['triggers'] = [];
  const bodies: string[] = [];
  for (const kind of ['death', 'injury'] as const) {
    for (const form of ['passive', 'active', 'nounOf'] as const) {
      const list = d[kind][form];
      if (!list.length) continue;
      const body = `(?:${alt([...list].sort((a, b) => b.length - a.length))})`;
      bodies.push(body);
      triggers.push({ re: new RegExp(`${WB}${body}${WE}`, 'giu'), at: new RegExp(`${WB}${body}${WE}`, 'iuy'), kind, form });
    }
  }
  let anyTrigger: RegExp | null = null;
  try {
    // (Phrases with named groups or back-references could not share one pattern: then each is scanned alone.)
    if (bodies.length > 1 && !bodies.some((b) => /\\[1-9k]|\(\?<[A-Za-z]/.test(b))) anyTrigger = new RegExp(`${WB}(?:${bodies.join('|')})${WE}`, 'giu');
  } catch {
    anyTrigger = null;
  }
  const persons = [...d.persons].sort((a, b) => b.length - a.length).map((p) => p.replace(/[-]/g, '[- ]?'));
  const r: Rules = {
    triggers,
    anyTrigger,
    // "a man", "one soldier", "another civilian", "(and) his brother"
    personSet: new Set(d.persons.map((p) => p.toLowerCase().replace(/[-\s]+/g, ' ')).flatMap((p) => (p.includes(' ') ? [p, p.replace(/ /g, '')] : [p]))),
    // right after an active death word: "killing the man", "assassinated a colonel", "killing an engineer"
    personObject: new RegExp(`^\\s+(?:(?:a|an)\\s+(?!(?:number|total|family|group|couple|pair|dozen|few|series|handful|lot)\\b)[\\p{L}\\d-]+|the\\s+(?:[\\p{L}\\d-]+\\s+){0,2}?(?:${alt(persons)})\\b(?!\\s+of\\b))`, 'iu'),
    civilians: new RegExp(`${WB}(?:${alt(d.civilians)})${WE}`, 'iu'),
    civiliansExclude: new Set(d.civiliansExclude),
    subset: new RegExp(`\\b(?:${alt(d.subset)})\\b[^,;)]*`, 'giu'),
    coded: d.coded.map((c) => new RegExp(c, 'giu')),
    codedEach: new RegExp(d.codedEach, 'iu'),
    split: new RegExp(d.split, 'iu'),
    none: new RegExp(alt(d.none), 'iu'),
    addition: new RegExp(`\\b(?:${alt(d.addition)})\\b`, 'iu'),
    additionBlock: new RegExp(d.additionBlock, 'iu'),
    prefilter: new RegExp(d.prefilter, 'iu'),
    codedPrefilter: new RegExp(d.codedPrefilter, 'iu'),
    ambiguousAfter: new RegExp(d.ambiguousAfter, 'iu'),
    protestWords: new RegExp(d.protestWords, 'iu'),
    causeWords: new RegExp(d.causeWords, 'iu'),
    nonViolent: new RegExp(d.nonViolent, 'iu'),
    negatedBefore: new RegExp(d.negatedBefore, 'iu'),
    nounCauseBefore: new RegExp(d.nounCauseBefore, 'iu'),
    nonViolentBefore: new RegExp(d.nonViolentBefore, 'iu'),
    strikes: new RegExp(`^(?:\\s+[\\p{L}\\d-]+){0,3}?\\s+(?:${alt(d.strikes)})\\b`, 'iu'),
    strikesGate: new RegExp(`\\s(?:${alt(d.strikes)})\\b`, 'iu'),
  };
  rulesCache.set(pack.lang, r);
  rulesCache.set(`=${lang}`, r);
  return r;
}

/** The rules for a document: the fast twins of the "iu" expressions when they match the same on its text (caseless.ts). */
function rulesFor(doc: Doc): Rules {
  return rulesForText(casualtyRules(doc.language), doc.text);
}

interface Count {
  start: number;
  end: number;
  low: number;
  best: number;
  high: number;
  modifier: NumberModifier | 'person';
  text: string;
}
const ARTICLES = new Set(['a', 'an', 'one', 'another', 'his', 'her', 'their']);
const WORD_RE = /[\p{L}\p{N}]+/gu;
const NON_ASCII = /[^\x00-\x7f]/;
function wordTokens(text: string): { norm: string; start: number; end: number }[] {
  const out: { norm: string; start: number; end: number }[] = [];
  if (!NON_ASCII.test(text)) {
    // ASCII text (most English reports): the letters and digits of WORD_RE are A-Z, a-z, 0-9 there. A scan of the
    // character codes finds the same runs without a match object per word.
    let start = -1;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 0;
      const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
      if (word) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        out.push({ norm: text.slice(start, i).toLowerCase(), start, end: i });
        start = -1;
      }
    }
    return out;
  }
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text)) !== null) out.push({ norm: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  return out;
}

interface Trig {
  start: number;
  end: number;
  kind: Kind;
  passive: boolean;
  active: boolean;
  nounOf: boolean;
  hasObject?: boolean;
  /** "killed and wounded": the split between dead and hurt is unknown. */
  ambiguous?: boolean;
  /** The death is the reason for a protest, or not violent ("died from coronavirus"). */
  excluded?: boolean;
}

/** Counts in one piece of text (offsets relative to `base`). */
export function countsIn(text: string, base: number, lang: string | null, numbers: ReturnType<typeof findNumbers> = findNumbers(text, lang)): Count[] {
  const out: Count[] = [];
  for (const h of numbers) {
    out.push({ start: base + h.start, end: base + h.end, low: h.value.low, best: h.value.best, high: h.value.high, modifier: h.modifier, text: h.text });
  }
  const r = casualtyRules(lang);
  // "a man", "one soldier", "another civilian", "(and) his brother": an article, up to 3 words, a person noun.
  // Token lookup against a Set instead of one large regular expression (this runs on every sentence).
  const toks = wordTokens(text);
  // the numbers as intervals: "is this offset inside one" by binary search (one scan of them per word was quadratic)
  const inNumber = intervalTest(out);
  for (let i = 0; i < toks.length; i++) {
    spend();
    const w = toks[i].norm;
    if (!ARTICLES.has(w)) continue;
    const s = base + toks[i].start;
    if (inNumber(s)) continue; // "one soldier" is already a number
    if ((w === 'his' || w === 'her' || w === 'their') && !/\b(?:and|as well as)\s+$/i.test(text.slice(Math.max(0, toks[i].start - 12), toks[i].start))) continue;
    let hit = -1;
    for (let j = i + 1; j <= i + 4 && j < toks.length; j++) {
      // only spaces or hyphens between the words of the phrase
      if (!/^[\s-]*$/.test(text.slice(toks[j - 1].end, toks[j].start))) break;
      if (r.personSet.has(toks[j].norm) || (j > i + 1 && r.personSet.has(`${toks[j - 1].norm} ${toks[j].norm}`))) {
        // not "a member of" the count of a group ("a number of")
        if (/^\s+of\b/.test(text.slice(toks[j].end, toks[j].end + 4)) && toks[j].norm !== 'member') break;
        hit = j;
        break;
      }
    }
    if (hit < 0) continue;
    out.push({ start: s, end: s + w.length, low: 1, best: 1, high: 1, modifier: 'person', text: text.slice(toks[i].start, toks[i].end) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Every offset where `re` (global) matches, overlapping matches included: after a match at p the search goes on from
 * p + 1. Where a trigger pattern matches, the union `anyTrigger` matches too, so these are the only offsets to try.
 */
function matchStarts(re: RegExp, text: string): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m.index);
    re.lastIndex = m.index + 1;
  }
  return out;
}

/** A trigger pattern's match at `index` (of the sentence text): merged with other forms' matches there (same kind). */
function addTrigger(map: Map<string, Trig>, base: number, t: Rules['triggers'][number], index: number, len: number): void {
  const key = `${t.kind}:${index}`;
  const cur = map.get(key) ?? { start: base + index, end: base + index + len, kind: t.kind, passive: false, active: false, nounOf: false };
  cur.end = Math.max(cur.end, base + index + len);
  cur[t.form] = true;
  map.set(key, cur);
}

function triggersIn(text: string, base: number, r: Rules): Trig[] {
  const map = new Map<string, Trig>();
  // One scan with all patterns together instead of one scan per kind and form: each pattern is then tried only where
  // the union matched, in order, skipping offsets inside its previous match - the matches its own scan finds.
  const starts = r.anyTrigger ? matchStarts(r.anyTrigger, text) : null;
  if (starts && starts.length === 0) return [];
  for (const t of r.triggers) {
    if (starts) {
      let from = 0;
      for (const p of starts) {
        if (p < from) continue;
        t.at.lastIndex = p;
        const m = t.at.exec(text);
        if (!m) continue;
        addTrigger(map, base, t, p, m[0].length);
        from = p + Math.max(1, m[0].length);
      }
      continue;
    }
    t.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = t.re.exec(text)) !== null) addTrigger(map, base, t, m.index, m[0].length);
  }
  // drop triggers nested inside a longer one of the same kind ("shot dead" vs "dead"). A kind has one trigger per start
  // (the map key), so a longer one holding t starts before it: t goes when an earlier one of its kind ends at or after
  // its end. One sweep in start order keeps the furthest end per kind (comparing every pair was quadratic).
  const all = [...map.values()].sort((a, b) => a.start - b.start || b.end - a.end);
  const furthest = new Map<Kind, number>();
  return all.filter((t) => {
    spend();
    const end = furthest.get(t.kind);
    if (end === undefined || t.end > end) furthest.set(t.kind, t.end);
    return end === undefined || end < t.end;
  });
}

/** Spans whose counts are subsets of another count: parentheses, "including ...". */
function subsetSpans(text: string, base: number, r: Rules): [number, number][] {
  const out: [number, number][] = [];
  const re = /\([^()]*\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push([base + m.index, base + m.index + m[0].length]);
  r.subset.lastIndex = 0;
  while ((m = r.subset.exec(text)) !== null) {
    // "including 2 commanders and 4 soldiers were killed": the list after "and <count>" is not part of the subset
    const cut = /\s(?:and|as well as)\s+(?:at least\s+)?\d/.exec(m[0].slice(1));
    const len = cut ? cut.index + 1 : m[0].length;
    out.push([base + m.index, base + m.index + len]);
  }
  return out;
}

/**
 * A count set off by a comma right before a subset marker is part of the subset:
 *   "At least 13 civilians, four of them children, were killed"  -> "four" is a subset of 13, not the dead.
 * "killing 5 including 2 children" is left alone: its "5" follows the verb, not a comma.
 */
function subsetCountsBefore(doc: Doc, counts: Count[], spans: [number, number][], sentenceStart: number): [number, number][] {
  if (spans.length === 0) return spans;
  // span starts -> end: the span must open right after the count, across white space only (one lookup per count)
  const byStart = new Map<number, number>();
  for (const [a, b] of spans) if (!byStart.has(a)) byStart.set(a, b);
  const text = doc.text;
  const extra: [number, number][] = [];
  for (const c of counts) {
    let a = c.end;
    while (a < text.length && a - c.end < 8 && (text[a] === ' ' || text[a] === '\u00a0')) a++;
    const end = a > c.end ? byStart.get(a) : undefined;
    if (end === undefined) continue;
    const before = text.slice(Math.max(sentenceStart, c.start - 3), c.start);
    if (/[,(\u2013\u2014]\s*$/.test(before)) extra.push([c.start, end]);
  }
  return extra.length ? [...spans, ...extra] : spans;
}

const inSpans = (spans: SpanIndex, at: number) => spans.has(at);

/** First index of `xs` (sorted by start) whose start is >= at. */
function lowerBound(xs: readonly { start: number }[], at: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid].start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** "Does any of these [start, end) intervals hold this offset": sorted starts, running furthest end, binary search. */
function intervalTest(xs: readonly { start: number; end: number }[]): (at: number) => boolean {
  if (!xs.length) return () => false;
  const sorted = [...xs].sort((a, b) => a.start - b.start);
  const maxEnd = new Float64Array(sorted.length);
  let m = -Infinity;
  for (let i = 0; i < sorted.length; i++) maxEnd[i] = m = Math.max(m, sorted[i].end);
  return (at) => {
    const i = lowerBound(sorted, at + 1) - 1; // last interval starting at or before `at`
    return i >= 0 && maxEnd[i] > at;
  };
}

/** The subset spans of a sentence ([start, end) pairs, absolute offsets) and the parenthesised ones in order. */
interface SpanIndex {
  has(at: number): boolean;
  /** The spans that open with "(", sorted by start (they cannot nest or overlap: `\([^()]*\)`). */
  parens: { start: number; end: number }[];
}

function spanIndex(doc: Doc, spans: [number, number][]): SpanIndex {
  const xs = spans.map(([start, end]) => ({ start, end }));
  return { has: intervalTest(xs), parens: xs.filter((x) => doc.text[x.start] === '(').sort((a, b) => a.start - b.start) };
}

/**
 * The number of words between offsets a and b, not counting parenthetical text, or `max` + 1 as soon as there are
 * more than `max` (callers only ask "more than 14?": counting every word of a long gap for every count was quadratic).
 * A parenthesis inside the gap is read as one space ("4 (including 2 children) were killed").
 */
function wordsBetween(doc: Doc, a: number, b: number, spans: SpanIndex, max: number): number {
  const text = doc.text;
  let n = 0;
  let k = lowerBound(spans.parens, a);
  let from = a;
  while (from < b) {
    while (k < spans.parens.length && spans.parens[k].end > b) k++;
    const p = k < spans.parens.length && spans.parens[k].start < b ? spans.parens[k] : null;
    const to = p ? p.start : b;
    WORD.lastIndex = from;
    for (let m = WORD.exec(text); m && m.index < to; m = WORD.exec(text)) {
      spend();
      if (++n > max) return n;
      // a word running past the parenthesis (or the gap) counts once, as in the gap text cut there
      if (m.index + m[0].length >= to) break;
    }
    if (!p) break;
    from = p.end;
    k++;
  }
  return n;
}
const WORD = /[\p{L}\p{N}]+/gu;

export interface SentenceCasualties {
  death: Count[];
  injury: Count[];
  triggers: Trig[];
}

/** Assign counts to death / injury triggers in one sentence (cached per document: three resolvers ask). */
export function sentenceCasualties(doc: Doc, s: { start: number; end: number }): SentenceCasualties {
  const perDoc = factsOf(doc).sentences;
  const key = sentenceKey(s);
  const hit = perDoc.get(key);
  if (hit) return hit;
  const res = computeSentenceCasualties(doc, s);
  perDoc.set(key, res);
  return res;
}

/** Where the fourth whitespace-separated word after `from` starts (the text's end when there are fewer). */
function fourthWordStart(text: string, from: number): number {
  let p = from;
  for (let w = 0; w < 3; w++) {
    while (p < text.length && WHITE.test(text[p])) p++;
    if (p >= text.length) return text.length;
    while (p < text.length && !WHITE.test(text[p])) p++;
  }
  while (p < text.length && WHITE.test(text[p])) p++;
  return p;
}
const WHITE = /\s/;

function computeSentenceCasualties(doc: Doc, s: { start: number; end: number }): SentenceCasualties {
  const lang = doc.language;
  const r = rulesFor(doc);
  const text = doc.text.slice(s.start, s.end);
  if (!r.prefilter.test(text)) return { death: [], injury: [], triggers: [] };
  const trigs = triggersIn(text, s.start, r);
  // Without a death or injury word the sentence counts nothing: its numbers need not be read.
  if (!trigs.length) return { death: [], injury: [], triggers: trigs };
  // findNumbers of the sentence is shared with the strike count (sentenceNumbers)
  const counts = countsIn(text, s.start, lang, sentenceNumbers(doc, s));
  // generic "a/an X was killed" subjects are added below, next to their trigger
  const subsets = subsetSpans(text, s.start, r);
  const spans = spanIndex(doc, subsetCountsBefore(doc, counts, subsets, s.start));
  const protest = r.protestWords.test(text);
  for (const t of trigs) {
    if (t.kind !== 'death') continue;
    const after = doc.text.slice(t.end, Math.min(s.end, t.end + 80));
    if (r.ambiguousAfter.test(after)) t.ambiguous = true;
    if (r.nonViolent.test(after)) t.excluded = true;
    const before = doc.text.slice(Math.max(s.start, t.start - 60), t.start);
    if (protest && r.causeWords.test(before)) t.excluded = true;
    // "stabbed a man to death" is a death; "attempted to kill" is not
    const toDeath = /^deaths?$/i.test(doc.text.slice(t.start, t.end)) && /\bto\s+$/i.test(before);
    if ((!toDeath && r.negatedBefore.test(before)) || r.nonViolentBefore.test(before)) t.excluded = true;
    if ((t.nounOf || /^(?:the\s+)?(?:killing|death|murder)/i.test(doc.text.slice(t.start, t.end))) && r.nounCauseBefore.test(before)) t.excluded = true;
  }
  const res: SentenceCasualties = { death: [], injury: [], triggers: trigs };
  const used = new Set<Count>();
  // 1. objects: "killing 4 soldiers", "shot dead a man", "bodies of 3 men", and chains "... and 2 others"
  for (const t of trigs) {
    if (!t.active && !t.nounOf) continue;
    if (t.ambiguous || t.excluded) continue;
    // the first unused count right after the trigger: only spaces, "the" or "<a/his/..> family of" between, so at most
    // three words; counts past the fourth word after the trigger are not looked at (testing each was quadratic)
    let first: Count | undefined;
    const limit = fourthWordStart(doc.text, t.end);
    for (let k = lowerBound(counts, t.end); k < counts.length && counts[k].start <= limit; k++) {
      spend();
      const c = counts[k];
      if (!used.has(c) && /^\s*(?:the\s+|(?:a|his|her|their|the) family of\s+)?$/iu.test(doc.text.slice(t.end, c.start))) {
        first = c;
        break;
      }
    }
    if (!first) {
      const pm = r.personObject.exec(doc.text.slice(t.end, Math.min(s.end, t.end + 120)));
      if (pm) {
        const at = t.end + pm[0].length - pm[0].trimStart().length;
        first = { start: at, end: t.end + pm[0].length, low: 1, best: 1, high: 1, modifier: 'person', text: pm[0].trim() };
        counts.push(first);
        counts.sort((a, b) => a.start - b.start);
      }
    }
    if (!first || inSpans(spans, first.start)) continue;
    t.hasObject = true;
    used.add(first);
    res[t.kind].push(first);
    let prev = first;
    for (let k = lowerBound(counts, prev.end + 1); k < counts.length; k++) {
      spend();
      const c = counts[k];
      if (c.start <= prev.end || used.has(c)) continue;
      const gap = doc.text.slice(prev.end, c.start);
      if (!/^(?:\s+[\p{L}\d'-]+){0,4}?\s*(?:,\s*|\s+)(?:and|as well as|plus)\s+$/iu.test(gap)) break;
      const o = lowerBound(trigs, prev.end); // a trigger starting between the two counts ends the chain
      if (o < trigs.length && trigs[o].start < c.start) break;
      if (inSpans(spans, c.start)) break;
      used.add(c);
      res[t.kind].push(c);
      prev = c;
    }
  }
  // 2. subjects: "five people were killed", "3 died", "1 killed and 50 missing"
  for (const c of counts) {
    spend();
    if (used.has(c) || inSpans(spans, c.start)) continue;
    const next = trigs[lowerBound(trigs, c.end)];
    // a trigger with its own object takes no subject ("5 gunmen killed 2 villagers")
    if (!next || !next.passive || next.hasObject) continue;
    if (wordsBetween(doc, c.end, next.start, spans, 14) > 14) continue;
    if (/[.;:!?]\s/.test(doc.text.slice(c.end, next.start))) continue;
    // another count between this one and the trigger must be joined to it by "and" ("4 rebels and 2 soldiers were killed");
    // otherwise this count belongs to another clause ("in 10 neighbourhoods ... a resident died")
    let firstBetween: Count | undefined;
    for (let k = lowerBound(counts, c.end + 1); k < counts.length && counts[k].start < next.start; k++) {
      spend();
      const o = counts[k];
      if (o.end <= next.start && !inSpans(spans, o.start)) {
        firstBetween = o;
        break;
      }
    }
    if (firstBetween) {
      const gap = doc.text.slice(c.end, firstBetween.start);
      if (!/(?:,\s*|\s+)(?:and|as well as|plus)\s+$/iu.test(gap) || (gap.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) > 8) continue;
    }
    used.add(c);
    if (next.ambiguous || next.excluded) continue;
    res[next.kind].push(c);
  }
  return res;
}

const sumRange = (cs: Count[]): Range => ({
  low: cs.reduce((a, c) => a + c.low, 0),
  best: cs.reduce((a, c) => a + c.best, 0),
  high: cs.reduce((a, c) => a + c.high, 0),
});

function isCivilian(doc: Doc, c: Count, trigs: Trig[], r: Rules): boolean {
  // the words of the count's noun phrase: up to the next trigger or 5 words after the count
  const after = doc.text.slice(c.end, Math.min(doc.text.length, c.end + 60));
  const t = trigs.find((x) => x.start >= c.end);
  const phrase = (t && t.start - c.end < 60 ? doc.text.slice(c.end, t.start) : after).split(/[,;.(]/)[0];
  const words = phrase.match(/[\p{L}-]+/gu)?.slice(0, 5).join(' ') ?? '';
  const m = r.civilians.exec(words);
  return !!m && !r.civiliansExclude.has(m[0].toLowerCase());
}

interface Coded {
  value: number;
  evidence: Evidence[];
  rule: string;
}

const WORD_K: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/**
 * Per-document answers that do not depend on the event: every event of a document asks them again (the coder's
 * note anywhere in the document, the split count, whether a sentence adds to a count), and a long article has
 * dozens of events over the same sentences. Keyed by the document object; sentence answers by sentence offsets.
 * One document at a time (the pipeline handles documents one by one): a WeakMap entry per document cost more than
 * the answers saved on short notes, and entries piled up until the next garbage collection.
 */
interface DocFacts {
  doc: Doc;
  /** Sentence key -> death / injury counts of the sentence (sentenceCasualties). */
  sentences: Map<number, SentenceCasualties>;
  coded?: Coded | null;
  split?: number;
  /** Sentence key -> does the sentence pass the coder's-note prefilter. */
  codedGate: Map<number, boolean>;
  /** Sentence key -> count expressions of the sentence text (findNumbers). */
  numbers: Map<number, ReturnType<typeof findNumbers>>;
  /** Sentence key -> does the sentence name a strike noun (strikesGate). */
  strikesGate: Map<number, boolean>;
  /** Sentence key -> does the sentence say "also" / "another" (addition), and not as a claim (additionBlock). */
  addition: Map<number, boolean>;
  blocked: Map<number, boolean>;
  /** Sentence key -> where "no fatalities" is said in it (none), or null. */
  none: Map<number, { index: number; length: number } | null>;
}
let lastFacts: DocFacts | null = null;
function factsOf(doc: Doc): DocFacts {
  if (lastFacts?.doc !== doc) {
    lastFacts = { doc, sentences: new Map(), codedGate: new Map(), numbers: new Map(), strikesGate: new Map(), addition: new Map(), blocked: new Map(), none: new Map() };
  }
  return lastFacts;
}
const sentenceKey = (s: { start: number; end: number }): number => s.start * 1_000_003 + s.end;

/** re.test on a sentence's text, remembered per document and sentence in `memo` (re must not be global). */
function sentenceTest(memo: Map<number, boolean>, re: RegExp, doc: Doc, s: { start: number; end: number }): boolean {
  const key = sentenceKey(s);
  let v = memo.get(key);
  if (v === undefined) memo.set(key, (v = re.test(doc.text.slice(s.start, s.end))));
  return v;
}

/** findNumbers over one sentence's text, once per document and sentence. */
function sentenceNumbers(doc: Doc, s: { start: number; end: number }): ReturnType<typeof findNumbers> {
  const f = factsOf(doc);
  const key = sentenceKey(s);
  let hits = f.numbers.get(key);
  if (!hits) f.numbers.set(key, (hits = findNumbers(doc.text.slice(s.start, s.end), doc.language)));
  return hits;
}

/** Coder's notes: "1 fatality.", "Unknown fatalities coded as 10", "[1 fatality split among 12 events]". */
export function codedFatalities(doc: Doc, sentences: Sentence[]): Coded | null {
  const r = rulesFor(doc);
  const gate = factsOf(doc).codedGate;
  for (const s of sentences) {
    const key = sentenceKey(s);
    let pass = gate.get(key);
    if (pass === undefined) gate.set(key, (pass = r.codedPrefilter.test(doc.text.slice(s.start, s.end))));
    if (!pass) continue;
    const text = doc.text.slice(s.start, s.end);
    for (let i = 0; i < r.coded.length; i++) {
      const re = r.coded[i];
      re.lastIndex = 0;
      const m = re.exec(text);
      if (!m?.groups?.n) continue;
      let value = Number(m.groups.n);
      const ev: Evidence[] = [evidence(doc, s.start + m.index, s.start + m.index + m[0].length, `fatalities:coded-${i}`)];
      let rule = `fatalities:coded-${i}`;
      const each = r.codedEach.exec(text);
      const k = m.groups.k ? Number(m.groups.k) : (() => {
        const sm = r.split.exec(text) ?? sentences.map((x) => r.split.exec(doc.text.slice(x.start, x.end))).find(Boolean) ?? null;
        if (!sm?.groups?.k) return 0;
        return WORD_K[sm.groups.k.toLowerCase()] ?? parseNumber(sm.groups.k, doc.language) ?? 0;
      })();
      if (each?.groups?.n) {
        value = Number(each.groups.n);
        rule += '+each';
      } else if (k > 1) {
        // ACLED splits a total between events; each gets total / k, halves rounded down (57 / 2 -> 28)
        value = Math.ceil(value / k - 0.5);
        rule += `+split-${k}`;
      }
      return { value, evidence: ev, rule };
    }
  }
  return null;
}

function splitCount(doc: Doc, sentences: Sentence[]): number {
  const r = rulesFor(doc);
  for (const s of sentences) {
    const m = r.split.exec(doc.text.slice(s.start, s.end));
    if (m?.groups?.k) return WORD_K[m.groups.k.toLowerCase()] ?? parseNumber(m.groups.k, doc.language) ?? 0;
  }
  return 0;
}

interface CasualtyOptions {
  kind: Kind;
  civiliansOnly?: boolean;
  /** Use coder's notes (fatalities only). */
  coded?: boolean;
}

export function resolveCasualties(doc: Doc, scope: EventScope, opts: CasualtyOptions): FieldResult<Range | null> {
  const r = rulesFor(doc);
  const sentences = scopeSentences(doc, scope);
  const facts = factsOf(doc);
  if (opts.coded) {
    let c = codedFatalities(doc, sentences);
    if (!c) {
      if (facts.coded === undefined) facts.coded = codedFatalities(doc, doc.sentences);
      // A copy per event: records must not share evidence objects.
      c = facts.coded && { ...facts.coded, evidence: facts.coded.evidence.map((e) => ({ ...e })) };
    }
    if (c) return { value: { low: c.value, best: c.value, high: c.value }, evidence: c.evidence, rules: [c.rule] };
  }
  const per: { sentence: Sentence; counts: Count[]; range: Range; addition: boolean }[] = [];
  for (const s of sentences) {
    const sc = sentenceCasualties(doc, s);
    let counts = sc[opts.kind];
    if (opts.civiliansOnly) counts = counts.filter((c) => isCivilian(doc, c, sc.triggers, r));
    if (!counts.length) continue;
    per.push({ sentence: s, counts, range: sumRange(counts), addition: sentenceTest(facts.addition, r.addition, doc, s) });
  }
  if (!per.length) {
    if (opts.kind === 'death' && !opts.civiliansOnly) {
      for (const s of sentences) {
        // Once per sentence and document: events of a long report share sentences, and most report no deaths.
        const key = sentenceKey(s);
        let m = facts.none.get(key);
        if (m === undefined) {
          const x = r.none.exec(doc.text.slice(s.start, s.end));
          facts.none.set(key, (m = x && { index: x.index, length: x[0].length }));
        }
        if (m) return { value: { low: 0, best: 0, high: 0 }, evidence: [evidence(doc, s.start + m.index, s.start + m.index + m.length, 'fatalities:none')], rules: ['fatalities:none'] };
      }
    }
    return { value: null, evidence: [], rules: [] };
  }
  // the first sentence with a count is the report's figure (later ones repeat it, or give other sources' claims);
  // a later sentence adds to it when it says "also" / "another" and is not a claim
  const top = per[0];
  const value = { ...top.range };
  const used = [top];
  for (const p of per) {
    if (p === top || !p.addition) continue;
    if (sentenceTest(facts.blocked, r.additionBlock, doc, p.sentence)) continue;
    value.low += p.range.low;
    value.best += p.range.best;
    value.high += p.range.high;
    used.push(p);
  }
  const name = opts.civiliansOnly ? 'civilian-fatalities' : opts.kind === 'death' ? 'fatalities' : 'injured';
  const splitRules: string[] = [];
  if (opts.coded) {
    // "Fatalities split between 2 events": the prose total is shared; each event keeps at least one
    const k = splitCount(doc, sentences) || (facts.split ??= splitCount(doc, doc.sentences));
    if (k > 1 && value.low > 0) {
      const share = (x: number) => Math.max(1, Math.ceil(x / k - 0.5));
      value.low = share(value.low);
      value.best = share(value.best);
      value.high = share(value.high);
      splitRules.push(`${name}:split-${k}`);
    }
  }
  const ev: Evidence[] = [];
  for (const p of used) for (const c of p.counts) ev.push(evidence(doc, c.start, c.end, `${name}:${c.modifier}`));
  const rules = [`${name}:${used.length > 1 ? 'sum-sentences' : per.length > 1 ? 'first-sentence' : 'sentence-sum'}`, ...splitRules];
  return { value, evidence: ev, rules };
}

/** "more than 120 air strikes" -> low 121; "up to 10 raids" -> high 10; "four air raids" -> 4/4. */
export function resolveStrikeCount(doc: Doc, scope: EventScope): FieldResult<{ low: number | null; high: number | null } | null> {
  const r = rulesFor(doc);
  const gate = factsOf(doc).strikesGate;
  let best: { low: number | null; high: number | null; ev: Evidence } | null = null;
  for (const s of scopeSentences(doc, scope)) {
    const text = doc.text.slice(s.start, s.end);
    // No strike noun in the sentence: no count of it can be a strike count (and its numbers need not be read).
    const key = sentenceKey(s);
    let named = gate.get(key);
    if (named === undefined) gate.set(key, (named = r.strikesGate.test(text)));
    if (!named) continue;
    for (const h of sentenceNumbers(doc, s)) {
      const m = r.strikes.exec(text.slice(h.end));
      if (!m) continue;
      if (/[,;.]/.test(m[0])) continue;
      const v = h.value;
      const val = h.modifier === 'more-than' || h.modifier === 'at-least' || h.modifier === 'vague'
        ? { low: v.low, high: null }
        : h.modifier === 'up-to' ? { low: null, high: v.high } : { low: v.low, high: v.high };
      const key = val.low ?? val.high ?? 0;
      if (!best || key > (best.low ?? best.high ?? 0)) {
        best = { ...val, ev: evidence(doc, s.start + h.start, s.start + h.end + m[0].length, `strikes:${h.modifier}`) };
      }
    }
  }
  if (!best) return { value: null, evidence: [], rules: [] };
  return { value: { low: best.low, high: best.high }, evidence: [best.ev], rules: [best.ev.rule] };
}
