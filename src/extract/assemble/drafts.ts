/**
 * Groups trigger mentions into event drafts (before fields are resolved and the event is coded):
 * one draft per event the text describes, e.g. a helicopter shoot-down, then retaliatory air strikes on a town,
 * then strikes on an air base (a different place), plus past incidents mentioned as background (historical).
 */
import { sourceDataPath } from '../../data-path.js';
import { spend } from '../budget.js';
import { readFileSync } from 'node:fs';
import type { Doc, MentionOf, Sentence, Span } from '../../model/document.js';
import { lexiconFor } from '../classify/lexicon.js';
import { isHistoricalSentence } from './historical.js';
import { mentionsOfKind } from '../fields/scope.js';

type Trigger = MentionOf<'trigger'>;

interface GroupConfig {
  strongWeight: number;
  groups: Record<string, string>;
  joins: Record<string, string[]>;
  absorb: Record<string, string[]>;
}

let cfg: GroupConfig | null = null;
export function groupConfig(): GroupConfig {
  if (!cfg) {
    const path = sourceDataPath(import.meta.url, './groups.json');
    cfg = JSON.parse(readFileSync(path, 'utf8')) as GroupConfig;
  }
  return cfg;
}

/** Enough of a location to tell two places apart: a town and the province around it are not different places. */
export interface PlaceKey {
  name: string;
  admin1: string | null;
  /** 'exact' | 'near' | 'district' | 'province' | 'country' ... */
  precision: string;
  /** False when the sentence names no place and the picker fell back to the document's main place. */
  named?: boolean;
}

const COARSE = new Set(['province', 'country', 'region', 'admin1']);

/** True only when both places are known, fine-grained and distinct ("Saraqib" vs "Abu al-Duhur Air Base"). */
export function differentPlaces(a: PlaceKey | null, b: PlaceKey | null): boolean {
  if (!a || !b) return false;
  if (a.name === b.name) return false;
  if (COARSE.has(a.precision) || COARSE.has(b.precision)) return false;
  if (a.admin1 === b.name || b.admin1 === a.name) return false;
  return true;
}

export interface Draft {
  group: string;
  triggers: Trigger[];
  sentences: Set<number>;
  historical: boolean;
  /** Name of the place the draft's first sentence names, when the location picker knows it. */
  place: PlaceKey | null;
  /** Set when the draft is inferred from another ("the pilot's body was desecrated" implies a downed aircraft). */
  impliedBy?: string;
  impliedTrigger?: string;
}

export function triggerId(t: Trigger): string {
  // rule = "trigger:<id>:<phrase>"
  const end = t.rule.indexOf(':', 8);
  return end < 0 ? '' : t.rule.slice(8, end);
}

export interface DraftOptions {
  sentences: Sentence[];
  /** Place named as the event location in a sentence (null if none / unknown). */
  placeOf: (sentence: Sentence) => PlaceKey | null;
  /** Cue ids present in a sentence (for implied events). */
  cuesIn: (span: Span) => Set<string>;
}

export function spanOf(d: Draft, sentences: Sentence[]): Span {
  let start = Infinity;
  let end = -Infinity;
  for (const i of d.sentences) {
    start = Math.min(start, sentences[i].start);
    end = Math.max(end, sentences[i].end);
  }
  return { start, end };
}

export function buildDrafts(doc: Doc, opts: DraftOptions): Draft[] {
  const { groups, joins, absorb, strongWeight } = groupConfig();
  const sentences = opts.sentences;
  const triggers = byStart(mentionsOfKind(doc, 'trigger'));
  if (triggers.length === 0) return [];
  const at = new SentenceFacts(doc, opts, triggers[0].sentence);

  const drafts: Draft[] = [];
  const byGroup = new Map<string, LazyPlaceDraft[]>();
  const weak: Trigger[] = [];
  const hasStrong = triggers.some((t) => t.value.weight >= strongWeight);
  for (const t of triggers) {
    spend();
    if (t.value.weight < strongWeight && hasStrong) {
      weak.push(t);
      continue;
    }
    const id = triggerId(t);
    const group = groups[id] ?? id;
    const historical = at.historical(t.sentence);
    // Same group, same time status, and not clearly another place: the same event.
    // Drafts are bucketed by group and time status (in creation order, so the first match is the same as a search of
    // all drafts): a long document has many drafts, and every trigger was checked against each of them.
    const bucketKey = `${historical ? 'h' : 'c'}:${group}`;
    let bucket = byGroup.get(bucketKey);
    if (!bucket) byGroup.set(bucketKey, (bucket = []));
    // Only a place the sentence itself names tells events apart: "Police dispersed them." (no place) stays with the
    // protest before it even when the picker falls back to another place of the document.
    // (Places are asked for only when a comparison needs them: see lazyPlaceDraft.)
    const same = bucket.find((d) => {
      if (d.sentences.has(t.sentence)) return true;
      const own = at.ownPlace(t.sentence);
      return !own || !differentPlaces(own, d.place);
    });
    if (same) {
      same.triggers.push(t);
      same.sentences.add(t.sentence);
      same.join(t.sentence);
    } else {
      const d = new LazyPlaceDraft({ group, triggers: [t], sentences: new Set([t.sentence]), historical }, t.sentence, at);
      drafts.push(d);
      bucket.push(d);
    }
  }
  // Weak triggers: join an event in the same sentence, else an event of a compatible group (a new one at a new place).
  for (const t of weak) {
    spend();
    const id = triggerId(t);
    const group = groups[id] ?? id;
    const inSentence = drafts.find((d) => d.sentences.has(t.sentence));
    if (inSentence) {
      inSentence.triggers.push(t);
      continue;
    }
    const compatible = joins[group] ?? [];
    const historical = at.historical(t.sentence);
    const target = drafts.find((d) => compatible.includes(d.group) && d.historical === historical);
    if (!target) continue;
    const own = at.ownPlace(t.sentence);
    if (own && differentPlaces(own, target.place)) {
      drafts.push(new LazyPlaceDraft({ group: target.group, triggers: [t], sentences: new Set([t.sentence]), historical }, t.sentence, at));
    } else {
      target.triggers.push(t);
      target.sentences.add(t.sentence);
    }
  }
  // Absorb drafts that lie inside another event's sentences (the killings in a shelling).
  for (let i = drafts.length - 1; i >= 0; i--) {
    spend(drafts.length);
    const d = drafts[i];
    const hosts = absorb[d.group];
    if (!hosts) continue;
    // Inside the host's sentences, or in the same paragraph as the host's first sentence (one report paragraph = one event).
    const host = drafts.find((h) => {
      if (h === d || !hosts.includes(h.group) || h.historical !== d.historical) return false;
      // The host's first paragraph, computed once per host (was once per sentence of d: quadratic on long documents).
      let hostPara: number | undefined;
      let known = false;
      for (const s of d.sentences) {
        if (h.sentences.has(s)) continue;
        if (!known) { hostPara = sentences[minOf(h.sentences)]?.paragraph; known = true; }
        if (sentences[s]?.paragraph !== hostPara) return false;
      }
      return true;
    });
    if (host) {
      for (const t of d.triggers) host.triggers.push(t); // not push(...): a draft can hold a whole document's triggers
      for (const s of d.sentences) host.sentences.add(s);
      drafts.splice(i, 1);
    }
  }
  // A draft's span runs on over following sentences of its paragraph that no other event claims
  // ("Protesters gathered ... . Police fired tear gas to disperse them.").
  const claimed = new Set<number>();
  for (const d of drafts) for (const s of d.sentences) claimed.add(s);
  // In a report of a single current event, the run-on crosses paragraph breaks too ("Students marched ...
  // <new paragraph> Riot police fired tear gas to disperse the crowd.").
  const singleCurrent = drafts.filter((d) => !d.historical).length === 1;
  for (const d of drafts) {
    // Sentences between two of the draft's own that no other event claims are part of it too
    // ("Police fired tear gas ..." between a protest and its absorbed injury count).
    // Filling the gap adds only sentences below the maximum, so the bound is computed once.
    const first = minOf(d.sentences);
    const max = maxOf(d.sentences);
    for (let s = first + 1; s < max; s++) if (!claimed.has(s)) d.sentences.add(s);
    let last = max;
    const crossParagraphs = singleCurrent && !d.historical;
    while (last + 1 < sentences.length && !claimed.has(last + 1) && (crossParagraphs || sentences[last + 1].paragraph === sentences[last].paragraph)) {
      last++;
      d.sentences.add(last);
    }
  }
  addImplied(drafts, opts);
  return drafts;
}

/**
 * Per-sentence answers for grouping, each computed once when first asked: is the sentence about the past, which place
 * it names. (A class rather than closures: tsx names each closure made, and this is set up for every document.)
 */
class SentenceFacts {
  private hist = new Map<number, boolean>();
  private places = new Map<number, PlaceKey | null>();
  constructor(private doc: Doc, private opts: DraftOptions, private firstTriggerSentence: number) {}
  historical(i: number): boolean {
    let h = this.hist.get(i);
    if (h === undefined) this.hist.set(i, (h = isHistoricalSentence(this.doc, this.opts.sentences[i], i === this.firstTriggerSentence)));
    return h;
  }
  place(i: number): PlaceKey | null {
    if (!this.places.has(i)) this.places.set(i, this.opts.placeOf(this.opts.sentences[i]));
    return this.places.get(i) ?? null;
  }
  /** The place a sentence itself names (not the picker's fallback to the document's main place), else null. */
  ownPlace(i: number): PlaceKey | null {
    const p = this.place(i);
    return p && p.named !== false ? p : null;
  }
}

/**
 * A draft whose place is asked of the location picker only when it is read. The picker is the costliest step of
 * grouping, and most triggers of a short report need no place at all: they join a draft in their own sentence, open
 * the first draft of their group, or stand in a sentence that names no place. Reading the place folds in the places
 * of the sentences that joined the draft since, in order, with the same rule as an eager fold (a finer place replaces
 * a coarse one; a sentence without a place keeps the draft's), so the value is the same.
 */
class LazyPlaceDraft implements Draft {
  group: string;
  triggers: Trigger[];
  sentences: Set<number>;
  historical: boolean;
  impliedBy?: string;
  impliedTrigger?: string;
  /** Sentences whose places are still to be folded in, in the order their triggers joined the draft. */
  private pending: number[];
  private folded: PlaceKey | null = null;
  constructor(fields: Omit<Draft, 'place'>, sentence: number, private at: SentenceFacts) {
    this.group = fields.group;
    this.triggers = fields.triggers;
    this.sentences = fields.sentences;
    this.historical = fields.historical;
    this.pending = [sentence];
  }
  get place(): PlaceKey | null {
    for (const s of this.pending) {
      const p = this.at.place(s);
      if (!this.folded || (p && COARSE.has(this.folded.precision) && !COARSE.has(p.precision))) this.folded = p ?? this.folded;
    }
    this.pending.length = 0;
    return this.folded;
  }
  /** A trigger of this sentence joined the draft: its place is folded in when the draft's place is next read. */
  join(sentence: number): void {
    this.pending.push(sentence);
  }
}

/**
 * Triggers in order of start: the document's trigger list (stage 40 emits it in text order, so usually no copy is
 * sorted), else a sorted copy. The sort is stable: an already sorted list is what sorting would return.
 */
function byStart(ts: Trigger[]): Trigger[] {
  for (let i = 1; i < ts.length; i++) if (ts[i - 1].start > ts[i].start) return [...ts].sort((a, b) => a.start - b.start);
  return ts;
}

/** Math.min(...xs) / Math.max(...xs) without spreading a large set onto the stack. */
function minOf(xs: Set<number>): number {
  let m = Infinity;
  for (const x of xs) if (x < m) m = x;
  return m;
}
function maxOf(xs: Set<number>): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  return m;
}

interface Implies {
  trigger: string;
  whenCues: string[];
  historicalOnly?: boolean;
}

/** "The body of the pilot of the Su-24 jet was desecrated": a pilot's body on the ground implies a downed aircraft. */
function addImplied(drafts: Draft[], opts: DraftOptions): void {
  const { groups } = groupConfig();
  const lex = lexiconFor('en');
  for (const d of [...drafts]) {
    for (const t of d.triggers) {
      const def = lex.triggers.get(triggerId(t)) as (typeof lex.triggers extends Map<string, infer V> ? V : never) & { implies?: Implies };
      const imp = def?.implies;
      if (!imp || (imp.historicalOnly && !d.historical)) continue;
      const group = groups[imp.trigger] ?? imp.trigger;
      if (drafts.some((o) => o.group === group && o.historical === d.historical)) continue;
      const sentence = opts.sentences[t.sentence];
      const cues = opts.cuesIn(sentence);
      if (!imp.whenCues.every((c) => cues.has(c))) continue;
      drafts.push({ group, triggers: [t], sentences: new Set([t.sentence]), historical: d.historical, place: d.place, impliedBy: triggerId(t), impliedTrigger: imp.trigger });
    }
  }
}

/**
 * Order: the document's main event first (current before historical; events with a strong trigger first,
 * then by where they start), then the rest in text order.
 */
export function orderDrafts(drafts: Draft[]): Draft[] {
  if (drafts.length < 2) return [...drafts];
  const { strongWeight } = groupConfig();
  // Each draft's first trigger offset and strength, once per draft rather than in every comparison.
  const keys = new Map<Draft, { first: number; strong: boolean }>();
  for (const d of drafts) {
    let first = Infinity;
    let strength = -Infinity;
    for (const t of d.triggers) {
      if (t.start < first) first = t.start;
      if (t.value.weight > strength) strength = t.value.weight;
    }
    keys.set(d, { first, strong: strength >= strongWeight + 1 });
  }
  return [...drafts].sort((a, b) => {
    if (a.historical !== b.historical) return a.historical ? 1 : -1;
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    if (ka.strong !== kb.strong) return ka.strong ? -1 : 1;
    return ka.first - kb.first;
  });
}
