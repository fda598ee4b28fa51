/**
 * 48-relevance: does the document, and does each sentence holding an event trigger, report a political-violence,
 * demonstration or strategic-development event? Sport ("the striker fired a shot"), business ("a hostile takeover",
 * "a dawn raid on the shares"), disasters, ordinary crime, reviews and fiction do not. Triggers of sentences
 * that report no event are dropped here, so 50-assemble builds no event from them; the decision and its reason are
 * kept on doc.relevance and written into each event's evidence (`evidence.relevance`).
 *
 * The decision is the relevance model's (src/extract/relevance: logistic regression over hashed words and the event
 * lexicon's triggers and cues, trained by scripts/train-relevance.ts), on English text only: for a sentence, the
 * mean of the document's and the sentence's log-odds (a war report's sentence about a football match is still
 * weighed with its document, and a sports report's "attack" with its own words). A sentence in another language
 * (an Arabic post quoted in an English page), or a document with no model for its language, is left to the rules.
 */
import type { Doc, RelevanceDecision } from '../../model/document.js';
import type { Stage } from '../stage.js';
import { configSchema, type VigilConfig } from '../../config/schema.js';
import { scanText, type Scan } from '../classify/lexicon.js';
import { sentencesOf } from '../assemble/sentences.js';
import { logit, relevanceModel, strongestFeatures, type RelevanceModel } from '../relevance/model.js';

/** A token the English model has seen the like of: Latin letters (and "#" for numbers). */
const LATIN_WORD = /^[a-z\d][a-z\d]*$/;

/** Token range [from, to) of the scan inside [start, end) of the text (tokens are in text order). */
function tokenRange(scan: Scan, start: number, end: number, hint = 0): [number, number] {
  let a = hint;
  const t = scan.tokens;
  while (a < t.length && t[a]!.start < start) a++;
  let b = a;
  while (b < t.length && t[b]!.end <= end) b++;
  return [a, b];
}

function latinShare(scan: Scan, from: number, to: number): number {
  if (to <= from) return 0;
  let n = 0;
  for (let i = from; i < to; i++) if (LATIN_WORD.test(scan.tokens[i]!.norm)) n++;
  return n / (to - from);
}

function fmt(z: number): string {
  return (Math.round(z * 100) / 100).toFixed(2);
}

export type RelevanceSettings = VigilConfig['relevance'];
/** The schema's defaults (src/config/schema.ts), for callers without a config. */
export const RELEVANCE_DEFAULTS: RelevanceSettings = configSchema.parse({}).relevance;

/** Trigger families that are violence or demonstrations (not 'strategic', not 'record'). */
const EVENT_FAMILIES = new Set(['battle', 'remote', 'civilian', 'protest', 'riot']);
/** Actor categories that are armed or organised parties (registry categories of 41-actors). */
const ARMED_ACTORS = new Set(['state', 'rebel', 'political-militia', 'identity-militia', 'external']);

/**
 * Rule evidence that a sentence reports political violence, whatever its wording: a strong trigger (weight >= 4:
 * "air strikes", "shelled", "clashed") with a named armed party ("Russian forces", "al-Shabaab") or a weapon of
 * war ("Su-34", "mortar") in the same sentence. A sports report's "the striker fired a shot" has neither.
 */
function strongEvidence(doc: Doc): Map<number, string> {
  // One pass over the mentions for every sentence (asking sentence by sentence was quadratic on long reports).
  const trigger = new Map<number, string>();
  const party = new Map<number, string>();
  for (const m of doc.mentions) {
    if (m.kind === 'trigger' && m.value.weight >= 4 && EVENT_FAMILIES.has(m.value.family)) {
      if (!trigger.has(m.sentence)) trigger.set(m.sentence, m.text);
    } else if ((m.kind === 'actor' && ARMED_ACTORS.has(m.value.category)) || (m.kind === 'weapon' && m.value.category !== 'other')) {
      if (!party.has(m.sentence)) party.set(m.sentence, m.text);
    }
  }
  const out = new Map<number, string>();
  for (const [s, t] of trigger) {
    const p = party.get(s);
    if (p !== undefined) out.set(s, `${t}+${p}`);
  }
  return out;
}

export function decideRelevance(doc: Doc, model: RelevanceModel | null, settings: RelevanceSettings = RELEVANCE_DEFAULTS): Doc {
  const sentences = sentencesOf(doc);
  const triggers = doc.mentions.filter((m) => m.kind === 'trigger');
  const decisions = new Map<number, RelevanceDecision>();
  const english = model !== null && (doc.language === 'en' || doc.language === null);
  if (!english || triggers.length === 0) {
    const rule = english ? 'relevance:no-trigger' : `relevance:no-model:${doc.language ?? 'unknown'}`;
    doc.relevance = { relevant: triggers.length > 0, logit: null, rule, sentences: decisions, dropped: 0 };
    return doc;
  }
  const scan = scanText(doc.text, doc.language);
  const docLatin = latinShare(scan, 0, scan.tokens.length) >= settings.minLatinShare;
  const zd = docLatin ? logit(model, scan, 0, scan.tokens.length) : null;
  const docWhy = zd === null ? 'doc=n/a' : `doc=${fmt(zd)}`;
  const withTriggers = new Set(triggers.map((t) => t.sentence));
  const records = new Set(triggers.filter((t) => t.value.family === 'record').map((t) => t.sentence));
  let strongBySentence: Map<number, string> | null = null;
  let hint = 0;
  for (const s of sentences) {
    if (!withTriggers.has(s.index)) continue;
    const [a, b] = tokenRange(scan, s.start, s.end, hint);
    hint = a;
    if (latinShare(scan, a, b) < settings.minLatinShare) {
      decisions.set(s.index, { relevant: true, logit: null, rule: `relevance:no-model:sentence-not-english:${docWhy}` });
      continue;
    }
    const zs = logit(model, scan, a, b);
    const z = zd === null ? zs : settings.docWeight * zd + (1 - settings.docWeight) * zs;
    const why = strongestFeatures(model, scan, a, b, 3).join(' ');
    const scores = `${docWhy},sentence=${fmt(zs)}`;
    if (z >= settings.thresholdLogit) {
      decisions.set(s.index, { relevant: true, logit: z, rule: `relevance:model:event:${scores}:${why}` });
      continue;
    }
    // An incident log's line ("June 4th 2019: (K117) Kafr Nubl town, ...") reports an incident by its form.
    const record = records.has(s.index);
    const strong = record || z < settings.rescueFloorLogit ? null : (strongBySentence ??= strongEvidence(doc)).get(s.index) ?? null;
    if (record || strong) {
      const rule = record ? 'relevance:rule:incident-record' : `relevance:rule:armed-party-and-trigger:${strong}`;
      decisions.set(s.index, { relevant: true, logit: z, rule: `${rule}:${scores}:${why}` });
      continue;
    }
    decisions.set(s.index, { relevant: false, logit: z, rule: `relevance:model:no-event:${scores}:${why}` });
  }
  const before = doc.mentions.length;
  doc.mentions = doc.mentions.filter((m) => m.kind !== 'trigger' || decisions.get(m.sentence)?.relevant !== false);
  const dropped = before - doc.mentions.length;
  const anyRelevant = [...decisions.values()].some((d) => d.relevant);
  const docRule = zd === null ? 'relevance:doc:no-model:not-english' : `relevance:doc:${zd >= settings.thresholdLogit ? 'event' : 'no-event'}:${docWhy}:${strongestFeatures(model, scan, 0, scan.tokens.length, 3).join(' ')}`;
  doc.relevance = { relevant: anyRelevant, logit: zd, rule: docRule, sentences: decisions, dropped };
  return doc;
}

export const relevanceStage: Stage = {
  name: '48-relevance',
  reads: ['text', 'language', 'sentences', 'mentions:trigger', 'mentions:actor', 'mentions:weapon'],
  adds: ['relevance', 'mentions:trigger'],
  run(doc, ctx) {
    return decideRelevance(doc, relevanceModel(doc.language ?? 'en'), ctx.config.relevance ?? RELEVANCE_DEFAULTS);
  },
};
