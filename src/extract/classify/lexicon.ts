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
  blockers: Map<string, Set<string>>;
  triggerBlockers: Map<string, Set<string>>;
  clause: { cues: Set<string>; markers: Set<string>; stops: Set<string>; window: number } | null;
}

const compiled = new Map<string, Lexicon>();

/** The compiled lexicon for a language; falls back to English when the pack lacks trigger data. */
export function lexiconFor(lang: string | null | undefined): Lexicon {
  const want = lang && langData<TriggerFile>(lang, 'triggers') ? lang : 'en';
  const hit = compiled.get(want);
  if (hit) return hit;
  const matcher = new PhraseMatcher<LexEntry>();
  const triggers = new Map<string, TriggerDef>();
  const tf = langData<TriggerFile>(want, 'triggers');
  if (!tf) throw new Error(`language pack ${want} has no triggers.json`);
  for (const def of tf.triggers) {
    triggers.set(def.id, def);
    const entry: LexEntry = { type: 'trigger', id: def.id, def };
    for (const p of def.patterns) matcher.add(p, entry);
  }
  const cf = langData<CueFile>(want, 'event-cues');
  for (const [id, patterns] of Object.entries(cf?.cues ?? {})) {
    const entry: LexEntry = { type: 'cue', id };
    for (const p of patterns) matcher.add(p, entry);
  }
  const hf = langData<HistoricalFile>(want, 'historical');
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
  const lex = { lang: want, matcher, triggers, blockers, triggerBlockers, clause };
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
    if (m.tokenEnd > coverEnd && !/(^| )_\d/.test(m.phrase)) {
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

const CLAUSE_PUNCT = /[,;.:()\[\]]/;
/** True when a marker word precedes token `at` in the same clause (no punctuation or stop word in between). */
function inMotiveClause(text: string, tokens: Token[], at: number, c: NonNullable<Lexicon['clause']>): boolean {
  for (let i = at - 1; i >= Math.max(0, at - c.window); i--) {
    if (CLAUSE_PUNCT.test(text.slice(tokens[i].end, tokens[i + 1].start))) return false;
    const w = tokens[i].norm;
    if (c.markers.has(w)) return true;
    if (c.stops.has(w)) return false;
  }
  return false;
}
