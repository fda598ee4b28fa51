/**
 * Features of the relevance model (model.ts), shared by the stage (48-relevance) and the training script
 * (scripts/train-relevance.ts), so both see a text the same way:
 *  - word unigrams and bigrams of the project's tokenizer (classify/phrase-matcher.ts tokenize), lower-cased and
 *    folded, every token holding a digit written "#" ("13 civilians" and "4 civilians" are one feature);
 *  - rule features: the trigger ids and families, and the context cue ids, that the event lexicon (40-triggers)
 *    finds in the same tokens ("t:air-strike", "f:remote", "c:civilian"); they carry what the hand-written
 *    lexicons know into the model (without them it kept half as many news reports of clashes and strikes in
 *    validation), at a price: a two-sentence football report's "clash" outweighs its "striker" and "keeper"; they carry what the hand-written
 *    lexicons know into the model, and they are what lets a news sentence share features with a coder's note.
 * Capitalized words that the training text never writes in lower case are names and all become "<name>".
 * Function words and reporting verbs (lang/en/relevance.json "ignoreWords") are skipped: they tell a coder's
 * telegraphic note from a wire report, not an event from a football match.
 * Each feature name is hashed (FNV-1a, 32 bit) into one of 2^bits buckets; a text's vector is binary and
 * L2-normalised, so a long article and a one-line sentence score on the same scale.
 */
import type { Scan } from '../classify/lexicon.js';

/** How a model sees text: its hash size, the words it skips, and the words it knows as common lower-case words. */
export interface FeatureSpec {
  bits: number;
  ignore: ReadonlySet<string>;
  /** Bit set over hash32(word) & (2^commonBits - 1): words seen in lower case in the training text. */
  common: Uint8Array | null;
  commonBits: number;
  /** Whether the lexicon's trigger and cue ids are features too. */
  ruleFeatures: boolean;
}

export function isCommon(spec: FeatureSpec, norm: string): boolean {
  if (!spec.common) return true;
  const h = hash32(norm) & ((1 << spec.commonBits) - 1);
  return (spec.common[h >> 3]! & (1 << (h & 7))) !== 0;
}

function capitalized(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  const ch = text[at]!;
  return ch !== ch.toLowerCase();
}

export interface FeatureVector {
  /** Bucket indices, distinct. */
  idx: Int32Array;
  /** The value of every listed bucket (1 / sqrt(count)). */
  value: number;
}

/** FNV-1a over UTF-16 code units. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const DIGIT = /\d/;

function wordOf(norm: string): string {
  return DIGIT.test(norm) ? '#' : norm;
}

/**
 * The features of the tokens [from, to) of a scan, and of the triggers and cues that lie inside them.
 * `names` (optional) receives the feature names, for explaining a decision.
 */
export function featuresOf(scan: Scan, from: number, to: number, spec: FeatureSpec, names?: string[]): FeatureVector {
  const mask = (1 << spec.bits) - 1;
  const ignore = spec.ignore;
  const seen = new Set<number>();
  const add = (name: string) => {
    seen.add(hash32(name) & mask);
    names?.push(name);
  };
  let prev = '<s>';
  for (let i = from; i < to; i++) {
    const norm = scan.tokens[i]!.norm;
    if (ignore.has(norm)) continue;
    // A capitalized word never seen in lower case is a name ("Homs", "Chelsea", "Kismayo"): one feature for all
    // names, so the model learns what happened, not the places and people of its training countries.
    const w = capitalized(scan.text, scan.tokens[i]!.start) && !isCommon(spec, norm) ? '<name>' : wordOf(norm);
    add('u:' + w);
    add('b:' + prev + ' ' + w);
    prev = w;
  }
  add('b:' + prev + ' </s>');
  if (!spec.ruleFeatures) return vector(seen);
  for (const t of scan.triggers) {
    if (t.tokenStart < from || t.tokenEnd >= to) continue;
    add('t:' + t.entry.def.id);
    add('f:' + t.entry.def.family);
  }
  for (const c of scan.cues) {
    if (c.tokenStart < from || c.tokenEnd >= to) continue;
    add('c:' + c.entry.id);
  }
  return vector(seen);
}

function vector(seen: Set<number>): FeatureVector {
  const idx = Int32Array.from(seen);
  return { idx, value: idx.length ? 1 / Math.sqrt(idx.length) : 0 };
}
