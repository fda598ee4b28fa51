/**
 * The document model that every extraction stage reads and extends.
 *
 * All spans are UTF-16 code-unit offsets (JavaScript string indices) into `Doc.text`.
 * `Doc.text` is the analysis text produced by the normalize stage; `Doc.sourceMap`
 * (when present) maps each index of `Doc.text` back to an index of `Doc.source`,
 * so evidence can always be shown in the original bytes the analyst stored.
 */
import type { EventRecord } from './event.js';
import type { Toponym } from './toponym.js';
import type { CaptureInfo } from '../extract/normalize/capture.js';

export interface Span {
  start: number;
  end: number;
}

/** What an ingester or the CLI hands to the pipeline. */
export interface SourceDocument {
  id: string;
  /** The text as delivered (plain text, HTML or Markdown). */
  source: string;
  mediaType?: 'text/plain' | 'text/html' | 'text/markdown';
  /** ISO 639-1 code if the caller knows it; the language stage detects it otherwise. */
  language?: string | null;
  /** Publication date (YYYY-MM-DD or ISO timestamp) if known: relative dates resolve against it. */
  published?: string | null;
  /** When Vigil captured it (ISO timestamp); bounds undated events. */
  captured?: string | null;
  url?: string | null;
  title?: string | null;
}

export interface Sentence extends Span {
  index: number;
  /** Paragraph number (blank-line separated blocks), used to keep events within a passage. */
  paragraph: number;
}

interface MentionBase extends Span {
  text: string;
  /** Rule (or lexicon entry) that produced the mention: recorded as evidence. */
  rule: string;
  sentence: number;
}

export interface TriggerValue {
  /** ACLED event type and sub-event type this trigger suggests (may be refined by the coder). */
  eventType?: string;
  subEventType?: string;
  /** Finer description ("shoot-down", "barrel-bomb strike", "desecration of remains"). */
  kind: string;
  /** Coarse family used for clustering: 'battle' | 'remote' | 'civilian' | 'protest' | 'riot' | 'strategic'. */
  family: string;
  weight: number;
}
export interface ActorValue {
  /** Registry id, e.g. "mil-russia". */
  actorId: string;
  /** ACLED-style normalized name, e.g. "Military Forces of Russia". */
  name: string;
  /** 'state' | 'rebel' | 'political-militia' | 'identity-militia' | 'rioters' | 'protesters' | 'civilians' | 'external' | 'other' */
  category: string;
  country?: string;
}
export interface WeaponValue {
  weaponId: string;
  name: string;
  /** 'aircraft' | 'helicopter' | 'drone' | 'artillery' | 'rocket' | 'missile' | 'small-arms' | 'explosive' | 'cluster' | 'incendiary' | 'thermobaric' | 'chemical' | 'barrel-bomb' | 'other' */
  category: string;
  /** Weapon of humanitarian concern (cluster, incendiary, thermobaric / fuel-air, chemical, barrel bomb). */
  concern: boolean;
}
export interface NumberValue {
  low: number;
  best: number;
  high: number;
  /** True when the figure is vague ("dozens", "at least", "more than"). */
  approximate: boolean;
}
export interface DateValue {
  /** YYYY-MM-DD of the earliest day the expression can mean. */
  start: string;
  /** YYYY-MM-DD of the latest day (same as start for a single day). */
  end: string;
  precision: 'day' | 'week' | 'month' | 'year' | 'range';
  /** Resolved against the publication date rather than stated absolutely. */
  relative: boolean;
}
export interface AttributionValue {
  status: 'alleged' | 'claimed' | 'denied' | 'reported' | 'confirmed';
}
export interface SourceCueValue {
  /** Who says so: "SOHR", "activists", "independent media". */
  name: string;
  kind: 'official' | 'independent-media' | 'social-media' | 'observer' | 'ngo' | 'unknown';
}

export type Mention =
  | (MentionBase & { kind: 'trigger'; value: TriggerValue })
  | (MentionBase & { kind: 'actor'; value: ActorValue })
  | (MentionBase & { kind: 'weapon'; value: WeaponValue })
  | (MentionBase & { kind: 'number'; value: NumberValue })
  | (MentionBase & { kind: 'date'; value: DateValue })
  | (MentionBase & { kind: 'attribution'; value: AttributionValue })
  | (MentionBase & { kind: 'source-cue'; value: SourceCueValue })
  | (MentionBase & { kind: 'historical-cue'; value: { cue: string } })
  | (MentionBase & { kind: 'negation'; value: { cue: string } });

export type MentionKind = Mention['kind'];
export type MentionOf<K extends MentionKind> = Extract<Mention, { kind: K }>;

export interface DocError {
  code: string;
  message: string;
}

export interface Doc {
  id: string;
  /** Original text as delivered (never modified). */
  source: string;
  mediaType: 'text/plain' | 'text/html' | 'text/markdown';
  /** Analysis text; every span refers to it. */
  text: string;
  /** text index -> source index; undefined means identity (text === source offsets). */
  sourceMap?: Int32Array;
  title: string | null;
  language: string | null;
  published: string | null;
  captured: string | null;
  url: string | null;
  sentences: Sentence[];
  mentions: Mention[];
  /** Place names found by the geoparser, resolved to coordinates where possible. */
  places: Toponym[];
  events: EventRecord[];
  /** Non-fatal notes from stages (e.g. "language detection uncertain"). */
  warnings: string[];
  /**
   * A captured page's chrome, comment threads, post timestamps and status (10-normalize, normalize/capture.ts);
   * null or absent for a plain report. Status 'no-report' (VIGIL_ERR_NO_REPORT): the pipeline reads no event.
   */
  capture?: CaptureInfo | null;
  /**
   * The report's own date (44-dates): the caller's publication date, else the post timestamp the platform printed,
   * a labelled date ("نشر في 23 نوفمبر,2025") or a dateline. Relative dates resolve against it; null when the text
   * gives none (never invented).
   */
  reportDate?: { date: string; rule: string; start?: number; end?: number; text?: string } | null;
  /** Where scripts mix: the language of each paragraph (20-language); absent when one language holds the text. */
  languages?: { start: number; end: number; lang: string }[];
  /** The relevance decision (48-relevance): does the document, and which of its sentences, report an event? */
  relevance?: DocRelevance;
}

/** Why a document or sentence does or does not report a political-violence, demonstration or strategic event. */
export interface RelevanceDecision {
  relevant: boolean;
  /** Log-odds of the relevance model, null when no model applies (another language): rules alone decide. */
  logit: number | null;
  /** The reason, as written into the evidence: "relevance:model:doc=-4.1,sentence=-2.0:u:striker-1.92 ...". */
  rule: string;
}
export interface DocRelevance extends RelevanceDecision {
  /** Sentence index -> decision, for the sentences that hold event triggers. */
  sentences: Map<number, RelevanceDecision>;
  /** Triggers dropped because their sentence reports no event. */
  dropped: number;
}

export function mentionsOf<K extends MentionKind>(doc: Doc, kind: K): MentionOf<K>[] {
  return doc.mentions.filter((m): m is MentionOf<K> => m.kind === kind);
}

/** Map a span of Doc.text back to the original source. */
export function toSourceSpan(doc: Doc, span: Span): Span {
  if (!doc.sourceMap) return { start: span.start, end: span.end };
  const map = doc.sourceMap;
  const start = map[Math.min(span.start, map.length - 1)] ?? span.start;
  const lastIdx = Math.max(span.start, span.end - 1);
  const end = (map[Math.min(lastIdx, map.length - 1)] ?? lastIdx) + 1;
  return { start, end };
}

export function newDoc(input: SourceDocument): Doc {
  return {
    id: input.id,
    source: input.source,
    mediaType: input.mediaType ?? 'text/plain',
    text: input.source,
    title: input.title ?? null,
    language: input.language ?? null,
    published: input.published ?? null,
    captured: input.captured ?? null,
    url: input.url ?? null,
    sentences: [],
    mentions: [],
    places: [],
    events: [],
    warnings: [],
  };
}
