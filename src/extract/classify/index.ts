/**
 * The ACLED coder: picks an event's event_type / sub_event_type and a finer kind from the triggers and context
 * cues found in the event's span, by an ordered decision list (rules.json, first match wins).
 *
 *   "protesters ... police fired tear gas"            -> anchor protest + cue intervention -> Protest with intervention
 *   "gunmen attacked an army checkpoint, killing ..."  -> anchor clash                      -> Armed clash
 *   "a man was shot dead by unknown gunmen"            -> anchor killing, victim civilian   -> Attack
 */
import { sourceDataPath } from '../../data-path.js';
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
  /** Agent must NOT be one of these. */
  agentNot?: ('state' | 'nonstate' | 'mob')[];
  /** Trigger ids of which one must occur anywhere in the document ("the strikes" in a report on an air campaign). */
  docAny?: string[];
  /** Cue or trigger ids of which one must occur after the anchor (police action after the protest it ends). */
  anyAfter?: string[];
  /** Pairs of ids that must occur in one sentence of the span (any pair). */
  together?: [string, string][];
  /** Cue ids of which one must occur within nearWindow tokens (default 8) before or after the anchor, in its sentence
   * ("migrant workers clashed with police": the parties of a clash). */
  nearAny?: string[];
  nearWindow?: number;
  /** Cue ids none of which may occur near the anchor (window nearNoneWindow, default 25: "armed militiamen from two
   * sub-clans clashed" is a battle however far the adjective stands from the verb). */
  nearNone?: string[];
  nearNoneWindow?: number;
  /** The agent (the "by ..." phrase after a passive anchor, else the nearest party cue before it) is one of these cue ids
   * ("three persons beat up a policeman": unarmed people, a mob, not a battle). */
  agentAny?: string[];
}
export interface CodingRule {
  name: string;
  when: RuleCondition;
  /** sub: the coding; reanchor: code the event again on its most salient trigger among these ids
   * ("attacked and looted the office": the attack, not the looting, is the event). */
  then: { sub: AcledSubEventType; kind?: string } | { reanchor: string[] };
}

let rulesCache: CodingRule[] | null = null;
export function codingRules(): CodingRule[] {
  if (!rulesCache) {
    const path = sourceDataPath(import.meta.url, './rules.json');
    rulesCache = (JSON.parse(readFileSync(path, 'utf8')) as { rules: CodingRule[] }).rules;
    for (const r of rulesCache) if ('sub' in r.then) eventTypeOf(r.then.sub); // fail fast on a typo in the data
  }
  return rulesCache;
}

/** eventTypeOf, remembered per sub-event type (it searches the taxonomy; a coding is made for every event). */
const typeOfSub = new Map<AcledSubEventType, AcledEventType>();
function typeOf(sub: AcledSubEventType): AcledEventType {
  let t = typeOfSub.get(sub);
  if (!t) typeOfSub.set(sub, (t = eventTypeOf(sub)));
  return t;
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

/** Words that end the agent phrase after "by" ("by militants on a checkpoint"). */
const NP_BREAK = new Set(['on', 'in', 'at', 'near', 'against', 'into', 'targeting', 'from', 'to', 'while', 'and', 'who', 'which', 'as', 'during', 'after']);
const CLAUSE_LINKS = new Set(['and', 'as', 'while', 'leaving', 'killing', 'injuring', 'wounding', 'after', 'when']);
const AFTER_VICTIM = new Set(['dead', 'died', 'die', 'dies']);
/** "killed in the village": a place after these words is where it happened, not the victim. */
const PLACE_PREP = new Set(['in', 'at', 'near', 'inside', 'outside', 'from', 'around']);
const PASSIVE = new Set(['was', 'were', 'been', 'being', 'is', 'are', 'got', 'get']);
const OWN_BONUS = 1.3;
const LATER_SENTENCE = 0.75;

function inSpan(m: { start: number; end: number }, s: Span): boolean {
  return m.start >= s.start && m.end <= s.end;
}

/**
 * The cues of the scan inside a span, in scan order: the same list as scan.cues.filter((c) => inSpan(c, span)).
 * Every rule check of every event filtered all cues of the document; cues sorted by start (as the matcher emits
 * them) are found by a binary search instead. Built once per scan (one document at a time).
 */
let cueIndex: { cues: CueMatch[]; n: number; starts: number[] | null } | null = null;
function cuesWithin(scan: Scan, span: Span): CueMatch[] {
  if (cueIndex?.cues !== scan.cues || cueIndex.n !== scan.cues.length) {
    let sorted = true;
    for (let i = 1; i < scan.cues.length && sorted; i++) sorted = scan.cues[i - 1].start <= scan.cues[i].start;
    cueIndex = { cues: scan.cues, n: scan.cues.length, starts: sorted ? scan.cues.map((c) => c.start) : null };
  }
  const { cues, starts } = cueIndex;
  if (!starts) return cues.filter((c) => inSpan(c, span));
  let a = 0;
  let b = starts.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (starts[m] < span.start) a = m + 1;
    else b = m;
  }
  const out: CueMatch[] = [];
  for (let i = a; i < cues.length && starts[i] <= span.end; i++) if (cues[i].end <= span.end) out.push(cues[i]);
  return out;
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

/**
 * "by at least three armed men": the agent, not the victim.
 * ... but "an attack by militants on a checkpoint": the checkpoint after "on" is the target again.
 */
function afterBy(toks: Scan['tokens'], c: CueMatch): boolean {
  for (let i = c.tokenStart - 1; i >= Math.max(0, c.tokenStart - 5); i--) {
    if (toks[i].norm === 'by') return true;
    if (NP_BREAK.has(toks[i].norm) && !(toks[i].norm === 'at' && (toks[i + 1]?.norm === 'least' || toks[i + 1]?.norm === 'most'))) return false;
  }
  return false;
}

/** The victim class a cue names, if any. */
function victimCueClass(c: CueMatch): 'armed' | 'civilian' | null {
  return c.entry.id === 'armed' || c.entry.id === 'state-force' || c.entry.id === 'non-state' ? 'armed' : c.entry.id === 'civilian' ? 'civilian' : null;
}

/** The head of a noun phrase decides: "a chief police officer" is an officer, "an off-duty ... police officer" too. */
function isModifier(victimCues: CueMatch[], c: CueMatch): boolean {
  return victimCues.some((o) => o !== c && o.tokenStart === c.tokenEnd + 1 && victimCueClass(o) !== victimCueClass(c));
}

/** Cue class of the victim: nearest cue after the anchor (before it for a passive "was killed"), same sentence. */
export function victimClass(scan: Scan, anchor: TriggerMatch, sentence: Span): 'armed' | 'civilian' | null {
  const toks = scan.tokens;
  // "was killed", "were badly beaten"; not "are accused of assaulting" (an -ing verb) nor "Boko Haram/IS attacked".
  // "left three militants dead", "two soldiers died": the adjective and intransitive verbs follow their victims.
  let passive = AFTER_VICTIM.has(toks[anchor.tokenStart].norm);
  if (!passive && !toks[anchor.tokenStart].norm.endsWith('ing')) {
    for (let i = anchor.tokenStart - 1; i >= Math.max(0, anchor.tokenStart - 3); i--) {
      const w = toks[i].norm;
      if (w === 'of' || w === 'to' || w === 'for') break;
      if (PASSIVE.has(w) && scan.text.slice(toks[i].start, toks[i].end) !== toks[i].norm.toUpperCase()) passive = true;
    }
  }
  const victimCues = cuesWithin(scan, sentence).filter((c) => victimCueClass(c) !== null && inSpan(c, sentence));
  let best: { d: number; cls: 'armed' | 'civilian' } | null = null;
  for (const c of victimCues) {
    const cls = victimCueClass(c);
    if (!cls || afterBy(toks, c) || isModifier(victimCues, c)) continue;
    if (c.tokenStart > 0 && PLACE_PREP.has(toks[c.tokenStart - 1].norm)) continue;
    const d = passive ? anchor.tokenStart - c.tokenEnd : c.tokenStart - anchor.tokenEnd;
    if (d < 1 || d > 12) continue;
    // On a tie (the same words in both lists, e.g. "gunmen"), armed wins only if nothing civilian is as close.
    if (!best || d < best.d || (d === best.d && cls === 'civilian')) best = { d, cls };
  }
  return best?.cls ?? null;
}

const AGENT_CLASS: Record<string, 'state' | 'nonstate' | 'mob'> = { 'state-force': 'state', 'non-state': 'nonstate', 'mob-actor': 'mob' };

/** Cue class of the agent: nearest state / non-state / mob cue before the anchor, same sentence. */
export function agentClass(scan: Scan, anchor: TriggerMatch, sentence: Span): 'state' | 'nonstate' | 'mob' | null {
  const map = AGENT_CLASS;
  let best: { d: number; cls: 'state' | 'nonstate' | 'mob' } | null = null;
  // Passive "was beaten by locals": the agent follows "by" right after the verb.
  const toks = scan.tokens;
  let by = -1;
  for (let i = anchor.tokenEnd + 1; i <= anchor.tokenEnd + 4 && i < toks.length; i++) if (toks[i].norm === 'by') { by = i; break; }
  if (by >= 0) {
    for (const c of cuesWithin(scan, sentence)) {
      const cls = map[c.entry.id];
      if (!cls || !inSpan(c, sentence)) continue;
      const d = c.tokenStart - by;
      if (d < 1 || d > 4) continue;
      if (!best || d < best.d) best = { d, cls };
    }
    if (best) return best.cls;
  }
  for (const c of cuesWithin(scan, sentence)) {
    const cls = map[c.entry.id];
    if (!cls || !inSpan(c, sentence)) continue;
    const d = anchor.tokenStart - c.tokenEnd;
    if (d < 1 || d > 15) continue;
    if (!best || d < best.d) best = { d, cls };
  }
  return best?.cls ?? null;
}

function matches(when: RuleCondition, c: Coder): boolean {
  const present = c.present;
  if (when.anchor && !when.anchor.includes(c.anchor.entry.id)) return false;
  if (when.any && !when.any.some((id) => present.has(id))) return false;
  if (when.all && !when.all.every((id) => present.has(id))) return false;
  if (when.none && when.none.some((id) => present.has(id))) return false;
  if (when.victim && c.victim() !== when.victim) return false;
  if (when.agent && c.agent() !== when.agent) return false;
  if (when.agentNot) {
    const a = c.agent();
    if (a && (when.agentNot as string[]).includes(a)) return false;
  }
  if (when.together && !when.together.some(([x, y]) => c.together(x, y))) return false;
  if (when.anyAfter && !when.anyAfter.some((id) => c.after(id))) return false;
  if (when.docAny && !when.docAny.some((id) => c.inDoc(id))) return false;
  if (when.nearAny && !c.near(when.nearAny, when.nearWindow ?? 8)) return false;
  if (when.nearNone && c.near(when.nearNone, when.nearNoneWindow ?? 25, true)) return false;
  if (when.agentAny && !agentCueIn(c.input.scan, c.anchor, c.anchorSentence, when.agentAny)) return false;
  return true;
}

/**
 * What the rules ask about one anchor, each answer computed when first asked (victim and agent classes) or from the
 * scan. A class rather than closures made in every call: this runs for every event and every re-anchoring.
 */
class Coder {
  readonly anchorSentence: Span;
  private v: 'armed' | 'civilian' | null | undefined;
  private a: 'state' | 'nonstate' | 'mob' | null | undefined;
  private bySentence: Map<number, Set<string>> | undefined;
  constructor(
    readonly input: ClassifyInput,
    readonly triggers: TriggerMatch[],
    readonly anchor: TriggerMatch,
    readonly present: Set<string>,
  ) {
    this.anchorSentence = input.sentences.find((s) => s.start <= anchor.start && s.end >= anchor.end) ?? input.span;
  }
  victim(): string | null {
    if (this.v === undefined) this.v = victimOf(this.input.scan, this.anchor, this.anchorSentence, this.triggers, this.input.sentences);
    return this.v;
  }
  agent(): string | null {
    if (this.a === undefined) this.a = agentClass(this.input.scan, this.anchor, this.anchorSentence);
    return this.a;
  }
  /** Trigger and cue ids in sentence i (of the span's triggers, of all cues). */
  private idsIn(i: number): Set<string> {
    this.bySentence ??= new Map();
    let set = this.bySentence.get(i);
    if (!set) {
      const s = this.input.sentences[i];
      set = new Set<string>();
      for (const t of this.triggers) if (inSpan(t, s)) set.add(t.entry.id);
      for (const c of cuesWithin(this.input.scan, s)) if (inSpan(c, s)) set.add(c.entry.id);
      this.bySentence.set(i, set);
    }
    return set;
  }
  /** Both ids occur in one sentence of the span. */
  together(x: string, y: string): boolean {
    if (!this.present.has(x) || !this.present.has(y)) return false;
    const { sentences, span } = this.input;
    for (let i = 0; i < sentences.length; i++) {
      const s = sentences[i];
      if (s.end <= span.start || s.start >= span.end) continue;
      const ids = this.idsIn(i);
      if (ids.has(x) && ids.has(y)) return true;
    }
    return false;
  }
  /** A cue (in the span) or trigger with this id starts after the anchor. */
  after(id: string): boolean {
    const { anchor, input } = this;
    return (
      this.present.has(id) &&
      (cuesWithin(input.scan, input.span).some((c) => c.entry.id === id && c.start > anchor.start && inSpan(c, input.span)) ||
        this.triggers.some((t) => t.entry.id === id && t.start > anchor.start))
    );
  }
  inDoc(id: string): boolean {
    return this.input.scan.triggers.some((t) => t.entry.id === id);
  }
  /** A cue of `ids` within w tokens of the anchor in its sentence. Cues inside the anchor itself count only for
   *  nearNone (`inside`): "a shoot-out" is gunfire; "clashes" names no party. */
  near(ids: string[], w: number, inside = false): boolean {
    const { anchor } = this;
    return cuesWithin(this.input.scan, this.anchorSentence).some(
      (c) =>
        ids.includes(c.entry.id) &&
        inSpan(c, this.anchorSentence) &&
        c.tokenEnd >= anchor.tokenStart - w &&
        c.tokenStart <= anchor.tokenEnd + w &&
        (inside || (!(c.tokenStart >= anchor.tokenStart && c.tokenEnd <= anchor.tokenEnd) && !this.pastClause(c))),
    );
  }
  /** A party named after the anchor belongs to it only inside its clause: "clashes between workers and police", but
   *  not "clashes continue and a woman died". */
  private pastClause(c: CueMatch): boolean {
    const { anchor } = this;
    if (c.tokenStart <= anchor.tokenEnd) return false;
    let between = false;
    for (let i = anchor.tokenEnd + 1; i < c.tokenStart; i++) {
      const w = this.input.scan.tokens[i].norm;
      if (w === 'between') between = true;
      else if (CLAUSE_LINKS.has(w) && !between) return true;
    }
    return false;
  }
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
  for (const c of cuesWithin(scan, span)) if (inSpan(c, span)) present.add(c.entry.id);
  return codeWith(input, triggers, anchor, present, 0);
}

function codeWith(input: ClassifyInput, triggers: TriggerMatch[], anchor: TriggerMatch, present: Set<string>, depth: number): Coding | null {
  const { span, sentences } = input;
  const c = new Coder(input, triggers, anchor, present);
  for (const r of input.rules ?? codingRules()) {
    if (!matches(r.when, c)) continue;
    if ('reanchor' in r.then) {
      const ids = r.then.reanchor;
      const first = sentences.find((s) => s.end > span.start) ?? span;
      const next = depth < 2 ? pickAnchor(triggers.filter((t) => ids.includes(t.entry.id)), first.end, input.ownTriggerStarts) : null;
      if (!next) continue;
      const coded = codeWith(input, triggers, next, present, depth + 1);
      if (coded) return { ...coded, rule: `code:${r.name}>${coded.rule.slice(5)}` };
      continue;
    }
    return {
      eventType: typeOf(r.then.sub),
      subEventType: r.then.sub,
      kind: r.then.kind ?? anchor.entry.def.kind,
      rule: `code:${r.name}`,
      anchor,
      present,
    };
  }
  return null;
}

const VIOLENT_VERBS = new Set(['killing', 'kill-generic', 'attack-generic', 'clash', 'small-arms']);

/** Victim class for the anchor; failing that, for another violent verb in the same sentence ("a soldier was killed
 * by a sniper"), then in the event's other sentences ("Forces killed 3 militants. The means of attack ..."). */
function victimOf(scan: Scan, anchor: TriggerMatch, sentence: Span, triggers: TriggerMatch[], sentences: Sentence[]): 'armed' | 'civilian' | null {
  // "Two policemen were killed following an attack by militants": the people killed are the victims, not what
  // follows the attack noun; killings in the anchor's sentence speak first when the anchor is a bare attack.
  if (anchor.entry.id === 'attack-generic') {
    for (const t of triggers) {
      if (t === anchor || (t.entry.id !== 'killing' && t.entry.id !== 'kill-generic') || !inSpan(t, sentence)) continue;
      const v = victimClass(scan, t, sentence);
      if (v) return v;
    }
    // "armed men who arrived in two vehicles attacked a security guard": the verb after the attacker noun.
    for (const t of triggers) {
      if (t === anchor || t.entry.id !== 'attack-generic' || t.start < anchor.end || !inSpan(t, sentence)) continue;
      const v = victimClass(scan, t, sentence);
      if (v) return v;
    }
  }
  const direct = victimClass(scan, anchor, sentence);
  if (direct) return direct;
  for (const t of triggers) {
    if (t === anchor || !VIOLENT_VERBS.has(t.entry.id) || !inSpan(t, sentence)) continue;
    const v = victimClass(scan, t, sentence);
    if (v) return v;
  }
  for (const t of triggers) {
    if (t === anchor || !VIOLENT_VERBS.has(t.entry.id) || inSpan(t, sentence)) continue;
    const own = sentences.find((s) => s.start <= t.start && s.end >= t.end);
    const v = own ? victimClass(scan, t, own) : null;
    if (v) return v;
  }
  return null;
}

const PARTY_CUES = new Set(['state-force', 'non-state', 'armed', 'mob-actor']);
/** The agent's cue is one of `ids`: the "by ..." phrase right after a passive anchor, else the nearest party cue
 * (one of `ids` or a state / non-state / armed / mob cue) ending before the anchor, same sentence. */
export function agentCueIn(scan: Scan, anchor: TriggerMatch, sentence: Span, ids: string[]): boolean {
  const toks = scan.tokens;
  const wanted = new Set(ids);
  for (let i = anchor.tokenEnd + 1; i <= anchor.tokenEnd + 4 && i < toks.length; i++) {
    if (toks[i].norm !== 'by') continue;
    let best: CueMatch | null = null;
    for (const c of cuesWithin(scan, sentence)) {
      if (!(wanted.has(c.entry.id) || PARTY_CUES.has(c.entry.id)) || !inSpan(c, sentence) || c.tokenStart <= i || c.tokenStart - i > 5) continue;
      if (!best || c.tokenStart < best.tokenStart || (c.tokenStart === best.tokenStart && wanted.has(c.entry.id))) best = c;
    }
    if (best) return wanted.has(best.entry.id);
  }
  // "Two guards were beaten" names the victims before the verb; without "by" the agent is unknown.
  for (let i = anchor.tokenStart - 1; i >= Math.max(0, anchor.tokenStart - 2); i--) if (PASSIVE.has(toks[i].norm)) return false;
  let best: CueMatch | null = null;
  for (const c of cuesWithin(scan, sentence)) {
    if (!(wanted.has(c.entry.id) || PARTY_CUES.has(c.entry.id)) || !inSpan(c, sentence) || c.tokenEnd >= anchor.tokenStart || anchor.tokenStart - c.tokenEnd > 15) continue;
    // Nearest wins; on a tie (the same words in two lists) the wanted class wins.
    if (!best || c.tokenEnd > best.tokenEnd || (c.tokenEnd === best.tokenEnd && wanted.has(c.entry.id))) best = c;
  }
  return best ? wanted.has(best.entry.id) : false;
}
