/**
 * The ACLED coder: picks an event's event_type / sub_event_type and a finer kind from the triggers and context
 * cues found in the event's span, by an ordered decision list (rules.json, first match wins).
 *
 *   "protesters ... police fired tear gas"            -> anchor protest + cue intervention -> Protest with intervention
 *   "gunmen attacked an army checkpoint, killing ..."  -> anchor clash                      -> Armed clash
 *   "a man was shot dead by unknown gunmen"            -> anchor killing, victim civilian   -> Attack
 */
import { readFileSync } from 'node:fs';
import { eventTypeOf, type AcledEventType, type AcledSubEventType } from '../../model/event.js';
import type { Sentence, Span } from '../../model/document.js';
import type { PhraseMatch } from './phrase-matcher.js';
import type { LexEntry, Scan } from './lexicon.js';

export interface RuleCondition {
  anchor?: string[];
  any?: string[];
  all?: string[];
  none?: string[];
  victim?: 'armed' | 'civilian';
  agent?: 'state' | 'nonstate' | 'mob';
}
export interface CodingRule {
  name: string;
  when: RuleCondition;
  then: { sub: AcledSubEventType; kind?: string };
}

let rulesCache: CodingRule[] | null = null;
export function codingRules(): CodingRule[] {
  if (!rulesCache) {
    const file = new URL('./rules.json', import.meta.url);
    const path = file.pathname.replace(/([\\/])dist([\\/])/, '$1src$2');
    rulesCache = (JSON.parse(readFileSync(path, 'utf8')) as { rules: CodingRule[] }).rules;
    for (const r of rulesCache) eventTypeOf(r.then.sub); // fail fast on a typo in the data
  }
  return rulesCache;
}

type TriggerMatch = PhraseMatch<Extract<LexEntry, { type: 'trigger' }>>;
type CueMatch = PhraseMatch<Extract<LexEntry, { type: 'cue' }>>;

export interface ClassifyInput {
  scan: Scan;
  /** The event's span (its sentences). */
  span: Span;
  sentences: Sentence[];
  /** Start offsets of the triggers the assembler grouped into this event: they weigh more than bystanders. */
  ownTriggerStarts?: Set<number>;
  rules?: CodingRule[];
}

export interface Coding {
  eventType: AcledEventType;
  subEventType: AcledSubEventType;
  kind: string;
  rule: string;
  anchor: TriggerMatch;
  /** Cue and trigger ids the decision used (for evidence). */
  present: Set<string>;
}

const PASSIVE = new Set(['was', 'were', 'been', 'being', 'is', 'are', 'got', 'get']);
const OWN_BONUS = 1.3;
const LATER_SENTENCE = 0.75;

function inSpan(m: { start: number; end: number }, s: Span): boolean {
  return m.start >= s.start && m.end <= s.end;
}

/** Most salient trigger: weight, x0.75 outside the first sentence of the span, x1.3 if grouped into this event. */
export function pickAnchor(triggers: TriggerMatch[], firstSentenceEnd: number, own?: Set<number>): TriggerMatch | null {
  let best: TriggerMatch | null = null;
  let bestScore = -1;
  for (const t of triggers) {
    let s = t.entry.def.weight * (t.start < firstSentenceEnd ? 1 : LATER_SENTENCE);
    if (own?.has(t.start)) s *= OWN_BONUS;
    if (s > bestScore) {
      best = t;
      bestScore = s;
    }
  }
  return best;
}

/** Cue class of the victim: nearest cue after the anchor (before it for a passive "was killed"), same sentence. */
export function victimClass(scan: Scan, anchor: TriggerMatch, sentence: Span): 'armed' | 'civilian' | null {
  const toks = scan.tokens;
  const prev = toks[anchor.tokenStart - 1]?.norm;
  const prev2 = toks[anchor.tokenStart - 2]?.norm;
  const passive = (prev && PASSIVE.has(prev)) || (prev2 && PASSIVE.has(prev2));
  const classes = (c: CueMatch) => (c.entry.id === 'armed' ? 'armed' : c.entry.id === 'civilian' ? 'civilian' : null);
  let best: { d: number; cls: 'armed' | 'civilian' } | null = null;
  for (const c of scan.cues) {
    const cls = classes(c);
    if (!cls || !inSpan(c, sentence)) continue;
    const d = passive ? anchor.tokenStart - c.tokenEnd : c.tokenStart - anchor.tokenEnd;
    if (d < 1 || d > 12) continue;
    // On a tie (the same words in both lists, e.g. "gunmen"), armed wins only if nothing civilian is as close.
    if (!best || d < best.d || (d === best.d && cls === 'civilian')) best = { d, cls };
  }
  return best?.cls ?? null;
}

/** Cue class of the agent: nearest state / non-state / mob cue before the anchor, same sentence. */
export function agentClass(scan: Scan, anchor: TriggerMatch, sentence: Span): 'state' | 'nonstate' | 'mob' | null {
  const map: Record<string, 'state' | 'nonstate' | 'mob'> = { 'state-force': 'state', 'non-state': 'nonstate', 'mob-actor': 'mob' };
  let best: { d: number; cls: 'state' | 'nonstate' | 'mob' } | null = null;
  for (const c of scan.cues) {
    const cls = map[c.entry.id];
    if (!cls || !inSpan(c, sentence)) continue;
    const d = anchor.tokenStart - c.tokenEnd;
    if (d < 1 || d > 15) continue;
    if (!best || d < best.d) best = { d, cls };
  }
  return best?.cls ?? null;
}

function matches(when: RuleCondition, anchorId: string, present: Set<string>, victim: () => string | null, agent: () => string | null): boolean {
  if (when.anchor && !when.anchor.includes(anchorId)) return false;
  if (when.any && !when.any.some((id) => present.has(id))) return false;
  if (when.all && !when.all.every((id) => present.has(id))) return false;
  if (when.none && when.none.some((id) => present.has(id))) return false;
  if (when.victim && victim() !== when.victim) return false;
  if (when.agent && agent() !== when.agent) return false;
  return true;
}

export function classify(input: ClassifyInput): Coding | null {
  const { scan, span, sentences } = input;
  const triggers = scan.triggers.filter((t) => inSpan(t, span));
  if (triggers.length === 0) return null;
  const first = sentences.find((s) => s.end > span.start) ?? { start: span.start, end: span.end };
  const anchor = pickAnchor(triggers, first.end, input.ownTriggerStarts);
  if (!anchor) return null;
  const present = new Set<string>();
  for (const t of triggers) present.add(t.entry.id);
  for (const c of scan.cues) if (inSpan(c, span)) present.add(c.entry.id);
  const anchorSentence = sentences.find((s) => s.start <= anchor.start && s.end >= anchor.end) ?? span;
  let v: string | null | undefined;
  let a: string | null | undefined;
  const victim = () => (v === undefined ? (v = victimClass(scan, anchor, anchorSentence)) : v);
  const agent = () => (a === undefined ? (a = agentClass(scan, anchor, anchorSentence)) : a);
  for (const r of input.rules ?? codingRules()) {
    if (matches(r.when, anchor.entry.id, present, victim, agent)) {
      return {
        eventType: eventTypeOf(r.then.sub),
        subEventType: r.then.sub,
        kind: r.then.kind ?? anchor.entry.def.kind,
        rule: `code:${r.name}`,
        anchor,
        present,
      };
    }
  }
  return null;
}
