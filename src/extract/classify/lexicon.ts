/**
 * Loads the event lexicons of a language pack (triggers.json, event-cues.json, historical.json) and compiles
 * them ONCE into a single PhraseMatcher, so one pass over a document's tokens finds triggers, context cues
 * and historical cues together. The last scan is cached: 40-triggers and 60-code read the same text.
 */
import { langData } from '../lang/index.js';
import { PhraseMatcher, tokenize, type PhraseMatch, type Token } from './phrase-matcher.js';

export interface TriggerDef {
  id: string;
  kind: string;
  family: string;
  eventType?: string;
  subEventType?: string;
  weight: number;
  patterns: string[];
  /** Regular expressions for what the token trie cannot express (an incident-log line opening with a date and a
   *  parenthesized incident code: "June 4th 2019: (K117) Kafr Nubl town, ..."), flags "gimu"; a group named `t` marks the trigger words. */
  regex?: string[];
}
interface TriggerFile {
  triggers: TriggerDef[];
}
interface CueFile {
  cues: Record<string, string[]>;
  /** cue id -> words that, within the 3 tokens before a match, cancel it ("protest against the arrest"). */
  blockers?: Record<string, string[]>;
  /** Clause blockers: a cue of one of these ids is cancelled when a marker word occurs earlier in the same clause,
   * within `window` tokens ("protested demanding the return of looted funds": the looting is the motive, not an act). */
  clauseBlockers?: { cues: string[]; markers: string[]; stops: string[]; window: number };
  /** trigger id -> words that, within the 3 tokens before a trigger match, cancel it ("unexploded bombs from
   * previous fighting": no clash today). */
  triggerBlockers?: Record<string, string[]>;
}
export interface HistoricalCueDef {
  id: string;
  strength: 'strong' | 'weak';
  patterns: string[];
  /** 'no-event': the cue says nothing happened yet (a threat, a warning, a condition: "threatened to attack"),
   * so a sentence flagged only by such cues yields no event at all rather than a background one. */
  effect?: 'background' | 'no-event';
}
interface HistoricalFile {
  cues: HistoricalCueDef[];
  current: string[];
}

export type LexEntry =
  | { type: 'trigger'; id: string; def: TriggerDef }
  | { type: 'cue'; id: string }
  | { type: 'historical'; id: string; strength: 'strong' | 'weak' }
  | { type: 'current'; id: 'current' };

export interface Lexicon {
  lang: string;
  matcher: PhraseMatcher<LexEntry>;
  triggers: Map<string, TriggerDef>;
  /** Triggers given as regular expressions (TriggerDef.regex). */
  regexTriggers: { re: RegExp; entry: Extract<LexEntry, { type: 'trigger' }>; source: string }[];
  blockers: Map<string, Set<string>>;
  triggerBlockers: Map<string, Set<string>>;
  clause: { cues: Set<string>; markers: Set<string>; stops: Set<string>; window: number } | null;
  /** Ids of historical cues whose effect is 'no-event' (see HistoricalCueDef.effect). */
  noEventCues: Set<string>;
}

const compiled = new Map<string, Lexicon>();

/** The compiled lexicon for a language; falls back to English when the pack lacks trigger data. */
export function lexiconFor(lang: string | null | undefined): Lexicon {
  const want = lang && langData<TriggerFile>(lang, 'triggers') ? lang : 'en';
  const hit = compiled.get(want);
  if (hit) return hit;
  const matcher = new PhraseMatcher<LexEntry>();
  const triggers = new Map<string, TriggerDef>();
  const regexTriggers: Lexicon['regexTriggers'] = [];
  const tf = langData<TriggerFile>(want, 'triggers');
  if (!tf) throw new Error(`language pack ${want} has no triggers.json`);
  for (const def of tf.triggers) {
    triggers.set(def.id, def);
    const entry = { type: 'trigger' as const, id: def.id, def };
    for (const p of def.patterns) matcher.add(p, entry);
    for (const r of def.regex ?? []) regexTriggers.push({ re: new RegExp(r, 'gimu'), entry, source: r });
  }
  const cf = langData<CueFile>(want, 'event-cues');
  for (const [id, patterns] of Object.entries(cf?.cues ?? {})) {
    const entry: LexEntry = { type: 'cue', id };
    for (const p of patterns) matcher.add(p, entry);
  }
  const hf = langData<HistoricalFile>(want, 'historical');
  const noEventCues = new Set((hf?.cues ?? []).filter((c) => c.effect === 'no-event').map((c) => c.id));
  for (const c of hf?.cues ?? []) {
    const entry: LexEntry = { type: 'historical', id: c.id, strength: c.strength };
    for (const p of c.patterns) matcher.add(p, entry);
  }
  const current: LexEntry = { type: 'current', id: 'current' };
  for (const p of hf?.current ?? []) matcher.add(p, current);
  const blockers = new Map(Object.entries(cf?.blockers ?? {}).map(([k, v]) => [k, new Set(v.map((w) => w.toLowerCase()))]));
  const cb = cf?.clauseBlockers;
  const clause = cb
    ? { cues: new Set(cb.cues), markers: new Set(cb.markers.map((w) => w.toLowerCase())), stops: new Set(cb.stops.map((w) => w.toLowerCase())), window: cb.window }
    : null;
  const triggerBlockers = new Map(Object.entries(cf?.triggerBlockers ?? {}).map(([k, v]) => [k, new Set(v.map((w) => w.toLowerCase()))]));
  const lex = { lang: want, matcher, triggers, regexTriggers, blockers, triggerBlockers, clause, noEventCues };
  compiled.set(want, lex);
  return lex;
}

export interface Scan {
  /** The scanned text (for case checks the lower-cased tokens cannot make: "IS" the group vs "is"). */
  text: string;
  tokens: Token[];
  /** Trigger matches after overlap resolution (a match inside a longer trigger match is dropped). */
  triggers: PhraseMatch<Extract<LexEntry, { type: 'trigger' }>>[];
  cues: PhraseMatch<Extract<LexEntry, { type: 'cue' }>>[];
  historical: PhraseMatch<Extract<LexEntry, { type: 'historical' }>>[];
  current: PhraseMatch<LexEntry>[];
}

let lastScan: { text: string; lang: string; scan: Scan } | null = null;

export function scanText(text: string, lang: string | null | undefined): Scan {
  const lex = lexiconFor(lang);
  if (lastScan && lastScan.text === text && lastScan.lang === lex.lang) return lastScan.scan;
  const tokens = tokenize(text);
  const all = lex.matcher.match(tokens);
  if (lex.regexTriggers.length) for (const m of regexMatches(text, tokens, lex.regexTriggers)) all.push(m); // no push(...): unbounded count
  const trig: Scan['triggers'] = [];
  const cues: Scan['cues'] = [];
  const hist: Scan['historical'] = [];
  const current: Scan['current'] = [];
  for (const m of all) {
    const e = m.entry;
    if (e.type === 'trigger') {
      const block = lex.triggerBlockers.get(e.id);
      if (block && blocked(tokens, m.tokenStart, block)) continue;
      trig.push(m as Scan['triggers'][number]);
    }
    else if (e.type === 'cue') {
      const block = lex.blockers.get(e.id);
      if (block && blocked(tokens, m.tokenStart, block)) continue;
      if (lex.clause?.cues.has(e.id) && inMotiveClause(text, tokens, m.tokenStart, lex.clause)) continue;
      cues.push(m as Scan['cues'][number]);
    }
    else if (e.type === 'historical') hist.push(m as Scan['historical'][number]);
    else current.push(m);
  }
  // A "mask" cue covers words that look like a trigger but name something else ("Air Force Intelligence").
  const masks = cues.filter((c) => c.entry.id === 'mask');
  const unmasked = masks.length ? trig.filter((t) => !masks.some((k) => k.tokenStart <= t.tokenStart && k.tokenEnd >= t.tokenEnd)) : trig;
  const scan = { text, tokens, triggers: resolveOverlaps(unmasked), cues, historical: hist, current };
  lastScan = { text, lang: lex.lang, scan };
  return scan;
}

/** Matches of the regex triggers, as phrase matches over the tokens they cover (at most 50 per expression). */
function regexMatches(text: string, tokens: Token[], defs: Lexicon['regexTriggers']): PhraseMatch<LexEntry>[] {
  const out: PhraseMatch<LexEntry>[] = [];
  for (const { re, entry } of defs) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    for (let n = 0; n < 50 && (m = re.exec(text)) !== null; n++) {
      if (m[0].length === 0) { re.lastIndex++; continue; }
      const t = m.groups?.t;
      const start = t !== undefined ? m.index + m[0].lastIndexOf(t) : m.index;
      const end = t !== undefined ? start + t.length : m.index + m[0].length;
      const first = tokens.findIndex((k) => k.end > start);
      let last = first;
      while (last + 1 < tokens.length && tokens[last + 1]!.start < end) last++;
      if (first < 0 || tokens[first]!.start >= end) continue;
      out.push({ start: tokens[first]!.start, end: tokens[last]!.end, tokenStart: first, tokenEnd: last, entry, phrase: 'regex' });
    }
  }
  return out;
}

/** Phrase -> whether it has a gap (_N); phrases come from the lexicons, so the map stays as small as they are. */
const gapOf = new Map<string, boolean>();
function hasGap(phrase: string): boolean {
  let g = gapOf.get(phrase);
  if (g === undefined) gapOf.set(phrase, (g = /(^| )_\d/.test(phrase)));
  return g;
}

/** Longest match wins: "air strikes" keeps air-strike and drops the generic "strikes" inside it. */
export function resolveOverlaps<T>(ms: PhraseMatch<T>[]): PhraseMatch<T>[] {
  const sorted = [...ms].sort((a, b) => a.tokenStart - b.tokenStart || b.tokenEnd - a.tokenEnd);
  const kept: PhraseMatch<T>[] = [];
  let coverEnd = -1;
  let coverStart = -1;
  for (const m of sorted) {
    const inside = m.tokenStart >= coverStart && m.tokenEnd <= coverEnd && !(m.tokenStart === coverStart && m.tokenEnd === coverEnd);
    if (inside) continue;
    kept.push(m);
    // A phrase with a gap ("attack~v _5 position~n") does not own the words inside its gap.
    if (m.tokenEnd > coverEnd && !hasGap(m.phrase)) {
      coverEnd = m.tokenEnd;
      coverStart = m.tokenStart;
    }
  }
  return kept;
}

const BLOCK_WINDOW = 3;
function blocked(tokens: Token[], at: number, words: Set<string>): boolean {
  for (let i = Math.max(0, at - BLOCK_WINDOW); i < at; i++) if (words.has(tokens[i].norm)) return true;
  return false;
}

/** Clause punctuation: , ; . : ( ) [ ] */
const CLAUSE_PUNCT = new Set([...',;.:()[]'].map((ch) => ch.charCodeAt(0)));
/** Clause punctuation between two offsets (a character loop: no substring per token pair). */
function punctBetween(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (CLAUSE_PUNCT.has(text.charCodeAt(k))) return true;
  return false;
}
/** True when a marker word precedes token `at` in the same clause (no punctuation or stop word in between). */
function inMotiveClause(text: string, tokens: Token[], at: number, c: NonNullable<Lexicon['clause']>): boolean {
  for (let i = at - 1; i >= Math.max(0, at - c.window); i--) {
    if (punctBetween(text, tokens[i].end, tokens[i + 1].start)) return false;
    const w = tokens[i].norm;
    if (c.markers.has(w)) return true;
    if (c.stops.has(w)) return false;
  }
  return false;
}
